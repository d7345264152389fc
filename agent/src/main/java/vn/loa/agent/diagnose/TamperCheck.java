package vn.loa.agent.diagnose;

import java.util.function.BooleanSupplier;

/**
 * The box's door (tamper switch) is closed. Open is a warning, not a failure: the technician running this
 * is often standing at the open box.
 */
public final class TamperCheck implements Check {

    private final BooleanSupplier doorOpen;

    /** @param doorOpen the debounced door/tamper input (e.g. {@code board.input("doorOpen")::active}) */
    public TamperCheck(BooleanSupplier doorOpen) {
        this.doorOpen = doorOpen;
    }

    @Override public String name() {
        return "tamper";
    }

    @Override public CheckResult run() {
        if (!doorOpen.getAsBoolean()) return CheckResult.pass("door closed");
        return CheckResult.warn("door open", "the box is open for maintenance, or someone has opened it",
                "close the door when done; if no technician was due, report a possible break-in to the commune");
    }
}
