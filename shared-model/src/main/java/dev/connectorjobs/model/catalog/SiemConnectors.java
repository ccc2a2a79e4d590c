package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the SIEM connectors: systems that store security events and logs, searched and
 * written to by jobs (Elasticsearch / Elastic Cloud). A new connector of this family is declared
 * here and listed in {@link #all()}.
 */
public final class SiemConnectors {

    /** The most hits one {@code elastic} {@code search} job returns. */
    public static final int MAX_SEARCH_RESULTS = 10_000;

    /** The hits an {@code elastic} {@code search} job returns when it does not say. */
    public static final int DEFAULT_SEARCH_RESULTS = 100;

    /** The most documents one {@code elastic} {@code bulk_index} job may carry. */
    public static final int MAX_BULK_DOCUMENTS = 10_000;

    /** Elasticsearch 8.x and Elastic Cloud: searches through a point in time, and bulk indexing. */
    public static final ConnectorDescriptor ELASTIC = new ConnectorDescriptor(
            "elastic",
            "Elasticsearch 8.x / Elastic Cloud: searches paged through a point in time, and bulk indexing with"
                    + " per-document outcomes",
            Optional.of("elastic"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection",
                            "Reads the cluster health (GET /_cluster/health): checks the configured URL and"
                                    + " credentials; a red cluster is reported, not a failure"),
                    OperationDescriptor.of(
                            "search",
                            "Searches through a point in time, page by page with search_after (never from/size),"
                                    + " and returns at most max_results hits; the point in time is closed at the"
                                    + " end, on failure and on revoke",
                            required(
                                    "index",
                                    ParameterType.STRING,
                                    "the indices, data streams or aliases to search, comma-separated; wildcards"
                                            + " allowed, e.g. logs-*"),
                            required(
                                    "query",
                                    ParameterType.OBJECT,
                                    "the query in the Elasticsearch query DSL, e.g. {\"match\": {\"event.action\":"
                                            + " \"logon-failed\"}}"),
                            optional(
                                    "sort",
                                    ParameterType.ARRAY,
                                    "sort clauses in the query DSL, e.g. [{\"@timestamp\": \"desc\"}]; _shard_doc is"
                                            + " added as the tiebreaker (default: _shard_doc only)"),
                            optional(
                                            "max_results",
                                            ParameterType.INTEGER,
                                            "the most hits to return (default " + DEFAULT_SEARCH_RESULTS + ")")
                                    .between(1, MAX_SEARCH_RESULTS)),
                    OperationDescriptor.of(
                            "bulk_index",
                            "Indexes documents with _bulk in chunks; retries only the documents Elasticsearch"
                                    + " rejected with 429 and reports every other failed document in the result"
                                    + " (safe to retry: a document without _id gets one from the job id)",
                            required("index", ParameterType.STRING, "the index, data stream or alias to write to"),
                            required(
                                            "documents",
                                            ParameterType.ARRAY,
                                            "the documents, JSON objects; a document's _id, if any, becomes its id"
                                                    + " and is not indexed as a field")
                                    .items(ParameterType.OBJECT)
                                    .between(1, MAX_BULK_DOCUMENTS),
                            optional(
                                            "op_type",
                                            ParameterType.STRING,
                                            "index (default: create or replace) or create (fail for an existing _id;"
                                                    + " required by data streams)")
                                    .oneOf("index", "create"))));

    private SiemConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(ELASTIC);
    }
}
