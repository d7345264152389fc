package vn.loa.agent.diagnose;

/**
 * One self-test of a receiver, e.g. "is the config valid", "does the amplifier relay cycle". Implementations
 * take what they examine (paths, board roles, seams over the OS) in their constructor, so the same check runs
 * on a device, on the simulated station and in tests.
 *
 * <p>Contract: {@link #run()} returns a result for every expected situation, including "broken"; it may
 * block for I/O but should finish within a few seconds ({@link Diagnostics} stops waiting after its
 * per-check timeout and reports a failure). An exception is treated as a failed check naming it. A check
 * must leave the device as it found it (amplifier off again, files untouched).
 */
public interface Check {

    /** A short word for the report's first column, e.g. {@code config}, {@code disk}, {@code amplifier}. */
    String name();

    CheckResult run() throws Exception;

    /** A check made of a name and a body, for checks that are one call (e.g. reading a board input). */
    static Check of(String name, java.util.concurrent.Callable<CheckResult> body) {
        return new Check() {
            @Override public String name() {
                return name;
            }

            @Override public CheckResult run() throws Exception {
                return body.call();
            }
        };
    }
}
