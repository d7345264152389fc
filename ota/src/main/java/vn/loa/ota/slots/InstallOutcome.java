package vn.loa.ota.slots;

/** The result of installing a verified bundle into the inactive slot. */
public sealed interface InstallOutcome {

    /** The slot is written, the trial recorded and {@code current} switched; restart the agent to run it. */
    record Installed(String slot, String version) implements InstallOutcome { }

    /** Nothing was switched; the device keeps running what it runs. */
    record NotInstalled(String reason) implements InstallOutcome { }
}
