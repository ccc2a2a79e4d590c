package dev.connectorjobs.cli;

/** The exit codes scripts can rely on; {@link JobsCli}'s {@code exitCodeList} and the README list them. */
final class ExitCodes {

    static final int OK = 0;
    static final int JOB_FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int AUTH = 4;
    static final int API_ERROR = 5;
    static final int TIMED_OUT = 6;

    private ExitCodes() {}
}
