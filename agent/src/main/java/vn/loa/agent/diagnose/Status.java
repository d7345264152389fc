package vn.loa.agent.diagnose;

/** A check's verdict, least severe first: the report's exit code follows the worst one. */
public enum Status {
    /** Works as it should. */
    PASS(0),
    /** Works now but needs attention soon, or could not be fully verified. */
    WARN(3),
    /** Broken: the receiver cannot do its job until this is fixed. */
    FAIL(1);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code when this is the worst result: PASS 0, FAIL 1, WARN 3 (2 is a usage error). */
    public int exitCode() {
        return exitCode;
    }
}
