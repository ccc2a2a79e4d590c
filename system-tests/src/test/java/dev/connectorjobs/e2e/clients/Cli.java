package dev.connectorjobs.e2e.clients;

import dev.connectorjobs.cli.JobsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process run of the {@code jobs} tool, as a shell would see it.
 *
 * @param exit the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
record Cli(int exit, String out, String err) {

    static Cli run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobsCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(exit, out.toString(), err.toString());
    }
}
