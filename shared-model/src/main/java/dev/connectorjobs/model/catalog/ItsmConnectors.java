package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.InventoryParameters.maxAssets;
import static dev.connectorjobs.model.catalog.InventoryParameters.publish;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/** Declarations of the ITSM and CMDB connectors: ServiceNow, Jira, Freshservice. */
public final class ItsmConnectors {

    /** The most assets one {@code fetch_assets} job may ask for. */
    public static final int MAX_ASSETS = 1_000_000;

    private static final OperationDescriptor TEST_CONNECTION =
            OperationDescriptor.of("test_connection", "Checks the configured URL and credentials with one cheap call");

    /** ServiceNow: CMDB inventory, incidents, single records. */
    public static final ConnectorDescriptor SERVICENOW = new ConnectorDescriptor(
            "servicenow",
            "ServiceNow Table API: CMDB configuration items and incidents",
            Optional.of("servicenow"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads configuration items page by page (Link header paging, stable ORDERBYsys_id)",
                            optional("ci_class", ParameterType.STRING, "CMDB table, default cmdb_ci"),
                            optional("fields", ParameterType.ARRAY, "fields to read (sysparm_fields)"),
                            optional(
                                    "updated_since",
                                    ParameterType.STRING,
                                    "only CIs updated at or after this ISO-8601 instant"),
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "create_incident",
                            "Opens an incident; a retried attempt finds the incident it created instead of"
                                    + " creating another",
                            required("short_description", ParameterType.STRING, "one-line summary"),
                            optional("description", ParameterType.STRING, "full description"),
                            optional("urgency", ParameterType.INTEGER, "1 (high) to 3 (low)")
                                    .between(1, 3),
                            optional("impact", ParameterType.INTEGER, "1 (high) to 3 (low)")
                                    .between(1, 3),
                            optional("caller_id", ParameterType.STRING, "caller sys_id or user name"),
                            optional("assignment_group", ParameterType.STRING, "assignment group sys_id or name"),
                            optional("category", ParameterType.STRING, "incident category")),
                    OperationDescriptor.of(
                            "get_record",
                            "Reads one record of a table by sys_id",
                            required("table", ParameterType.STRING, "table name, e.g. incident"),
                            required("sys_id", ParameterType.STRING, "the record's sys_id"))));

    /** Jira Cloud: Assets (AQL) inventory and issues. */
    public static final ConnectorDescriptor JIRA = new ConnectorDescriptor(
            "jira",
            "Jira Cloud: Assets objects through AQL, and issues through REST v3",
            Optional.of("jira"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads Assets objects matching an AQL query, page by page until isLast",
                            optional("aql", ParameterType.STRING, "AQL query, default objectType = \"Computer\""),
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "create_issue",
                            "Creates an issue (description as ADF); a retried attempt finds the issue it created",
                            required("project_key", ParameterType.STRING, "project key, e.g. OPS"),
                            required("summary", ParameterType.STRING, "issue summary"),
                            optional("description", ParameterType.STRING, "plain text, converted to ADF"),
                            optional("issue_type", ParameterType.STRING, "issue type name, default Task"),
                            optional("labels", ParameterType.ARRAY, "labels (strings)"),
                            optional("priority", ParameterType.STRING, "priority name"))));

    /** Freshservice: asset inventory and tickets. */
    public static final ConnectorDescriptor FRESHSERVICE = new ConnectorDescriptor(
            "freshservice",
            "Freshservice API v2: assets and tickets",
            Optional.of("freshservice"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets", "Reads assets page by page until a page is empty", publish(), maxAssets()),
                    OperationDescriptor.of(
                            "create_ticket",
                            "Creates a ticket; a retried attempt finds the ticket it created",
                            required("email", ParameterType.STRING, "requester email"),
                            required("subject", ParameterType.STRING, "ticket subject"),
                            required("description", ParameterType.STRING, "ticket description (HTML allowed)"),
                            optional("priority", ParameterType.INTEGER, "1 (low) to 4 (urgent), default 1")
                                    .between(1, 4),
                            optional("status", ParameterType.INTEGER, "2 open, 3 pending, 4 resolved, 5 closed")
                                    .between(2, 5))));

    private ItsmConnectors() {}
}
