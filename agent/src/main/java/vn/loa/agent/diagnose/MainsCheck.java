package vn.loa.agent.diagnose;

import java.util.function.BooleanSupplier;

/**
 * Mains power is present. Without it the receiver runs on its battery or UPS, which lasts hours at best:
 * a failure, because the station is about to go silent exactly when storms cut power.
 */
public final class MainsCheck implements Check {

    private final BooleanSupplier mainsPresent;

    /** @param mainsPresent the debounced mains-present input (e.g. {@code board.input("mainsPresent")::active}) */
    public MainsCheck(BooleanSupplier mainsPresent) {
        this.mainsPresent = mainsPresent;
    }

    @Override public String name() {
        return "mains";
    }

    @Override public CheckResult run() {
        if (mainsPresent.getAsBoolean()) return CheckResult.pass("mains present");
        return CheckResult.fail("mains absent, running on battery",
                "a power cut, or the box's breaker or fuse has tripped, or the supply cable is cut",
                "check the breaker, fuse and supply cable; emergencies still play until the battery runs down");
    }
}
