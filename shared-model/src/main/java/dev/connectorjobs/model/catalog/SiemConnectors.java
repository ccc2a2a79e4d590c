package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.InventoryParameters.maxAssets;
import static dev.connectorjobs.model.catalog.InventoryParameters.publish;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the SIEM and observability connectors: systems that collect events and search
 * them (Datadog, Elasticsearch / Elastic Cloud, Splunk). A new connector of this family is declared here, in alphabetical order, and listed in
 * {@link #all()}.
 */
public final class SiemConnectors {

    /** Datadog (API v1): infrastructure hosts and events. */
    public static final ConnectorDescriptor DATADOG = new ConnectorDescriptor(
            "datadog",
            "Datadog API v1 (the configured site): infrastructure hosts, and events posted to the event stream",
            Optional.of("datadog"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection", "Validates the configured API key (GET /api/v1/validate)"),
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads the hosts that reported in the last three hours, page by page with start/count",
                            optional(
                                    "filter",
                                    ParameterType.STRING,
                                    "only hosts whose name, alias or tag matches, e.g. env:prod"),
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "post_event",
                            "Posts one event to the event stream (at least once: a retry after an answer lost in"
                                    + " transit may post it twice, grouped by its aggregation key)",
                            required("title", ParameterType.STRING, "the event's title, at most 100 characters"),
                            required(
                                    "text",
                                    ParameterType.STRING,
                                    "the event's body, at most 4000 characters; Markdown when it starts with %%%"),
                            optional("tags", ParameterType.ARRAY, "tags, e.g. [\"env:prod\", \"team:ops\"]"),
                            optional("alert_type", ParameterType.STRING, "the event's kind (default info)")
                                    .oneOf(
                                            "error",
                                            "warning",
                                            "info",
                                            "success",
                                            "user_update",
                                            "recommendation",
                                            "snapshot"),
                            optional("priority", ParameterType.STRING, "normal (default) or low")
                                    .oneOf("normal", "low"),
                            optional("host", ParameterType.STRING, "the host name the event is about"),
                            optional(
                                    "aggregation_key",
                                    ParameterType.STRING,
                                    "groups related events, at most 100 characters (default: the job's id)"),
                            optional(
                                    "source_type_name",
                                    ParameterType.STRING,
                                    "the event's source type, e.g. jenkins or my_apps"))));

    /** The most hits or results one {@code search} job returns ({@code elastic}, {@code splunk}). */
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

    /** Splunk Enterprise or Splunk Cloud Platform: search jobs and the HTTP Event Collector. */
    public static final ConnectorDescriptor SPLUNK = new ConnectorDescriptor(
            "splunk",
            "Splunk Enterprise / Cloud Platform: search jobs through the REST API, events through the HTTP Event"
                    + " Collector",
            Optional.of("splunk"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection",
                            "Reads the server's info with the REST credentials and checks the HEC token, whichever"
                                    + " are configured"),
                    OperationDescriptor.of(
                            "search",
                            "Runs a search job and returns its results; a retried job resumes waiting for the same"
                                    + " job, and a revoked or timed-out one cancels it in Splunk",
                            required(
                                    "query",
                                    ParameterType.STRING,
                                    "the search in SPL, e.g. index=main error | stats count by host ('search' is"
                                            + " prepended unless it starts with a command)"),
                            optional("earliest_time", ParameterType.STRING, "e.g. -24h, or an ISO-8601 time"),
                            optional("latest_time", ParameterType.STRING, "e.g. now, or an ISO-8601 time"),
                            optional(
                                            "max_results",
                                            ParameterType.INTEGER,
                                            "the most results returned (default 100); the result says truncated when"
                                                    + " there were more")
                                    .between(1, MAX_SEARCH_RESULTS)),
                    OperationDescriptor.of(
                            "send_events",
                            "Sends events to the HTTP Event Collector in batches; a retried job resumes after the"
                                    + " last batch HEC accepted",
                            required(
                                    "events",
                                    ParameterType.ARRAY,
                                    "the events: each an object or a string, sent as one HEC event"),
                            optional("index", ParameterType.STRING, "the index (default: the token's)"),
                            optional("source", ParameterType.STRING, "the source of every event"),
                            optional("sourcetype", ParameterType.STRING, "the source type of every event"),
                            optional("host", ParameterType.STRING, "the host of every event"))));

    private SiemConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(DATADOG, ELASTIC, SPLUNK);
    }
}
