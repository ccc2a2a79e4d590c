package dev.connectorjobs.worker.connector.elastic;

/**
 * One document of a {@code bulk_index} job as two NDJSON lines: the action ({@code {"index":
 * {"_index", "_id"}}}) and the document without its {@code _id}, each ending with a newline.
 *
 * @param position the document's index in the job's {@code documents}
 * @param id its {@code _id}: its own, or one generated from the job id and the position
 * @param generatedId whether the connector generated the id
 * @param ndjson the two lines; not copied, never changed
 */
record BulkLine(int position, String id, boolean generatedId, byte[] ndjson) {}
