package dev.connectorjobs.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn in place with a carriage return. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;

    ProgressBar(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = Math.max(total, 1);
        this.enabled = enabled;
    }

    void show(BatchSummary so) {
        if (!enabled) {
            return;
        }
        long done = so.done();
        int filled = (int) (WIDTH * done / total);
        err.printf(
                "\r[%s%s] %d/%d %3d%%  created %d, existing %d, rejected %d, failed %d",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                done,
                total,
                100 * done / total,
                so.created(),
                so.existing(),
                so.rejected(),
                so.failed());
        err.flush();
    }

    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }
}
