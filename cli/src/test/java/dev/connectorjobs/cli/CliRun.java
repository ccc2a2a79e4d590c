package dev.connectorjobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process run of the tool, as a shell would see it: exit code, stdout and stderr.
 *
 * @param exit the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code jobs args...} with {@code env} as its whole environment. */
    public static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JobsCli.run(
                args, env, new PrintWriter(out, true), new PrintWriter(err, true), CliContext::defaultClient);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
