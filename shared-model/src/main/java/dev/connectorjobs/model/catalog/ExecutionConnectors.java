package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the execution connectors: systems that run work on managed hosts and report how
 * it went (Ansible AWX / Automation Platform). Their operations start remote work, save a checkpoint
 * and wait for it, so a retried attempt resumes instead of running the work twice. A new connector of
 * this family is declared here and listed in {@link #all()}.
 */
public final class ExecutionConnectors {

    /** Ansible AWX / Ansible Automation Platform (REST API v2): inventory hosts and job templates. */
    public static final ConnectorDescriptor ANSIBLE = new ConnectorDescriptor(
            "ansible",
            "Ansible AWX / Automation Platform REST API v2: inventory hosts, and job template launches followed"
                    + " to the end",
            Optional.of("ansible"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection", "Pings the configured AWX (GET /api/v2/ping/) with the credentials"),
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads inventory hosts page by page, following next",
                            optional("inventory", ParameterType.INTEGER, "read only the hosts of this inventory id")
                                    .between(1, Long.MAX_VALUE),
                            optional(
                                    "publish",
                                    ParameterType.BOOLEAN,
                                    "also publish every host to the assets.normalized topic (default false)"),
                            optional("max_assets", ParameterType.INTEGER, "stop after this many hosts (default: all)")
                                    .between(1, ItsmConnectors.MAX_ASSETS)),
                    OperationDescriptor.of(
                            "launch_job_template",
                            "Launches a job template and follows the AWX job until it ends; a retried attempt"
                                    + " resumes the job it launched instead of launching another",
                            required("job_template_id", ParameterType.INTEGER, "the job template's id")
                                    .between(1, Long.MAX_VALUE),
                            optional("extra_vars", ParameterType.OBJECT, "extra variables for the playbook"),
                            optional("limit", ParameterType.STRING, "host pattern to limit the run to"),
                            optional(
                                            "inventory",
                                            ParameterType.INTEGER,
                                            "inventory id to run against (the template must prompt for it)")
                                    .between(1, Long.MAX_VALUE))));

    private ExecutionConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(ANSIBLE);
    }
}
