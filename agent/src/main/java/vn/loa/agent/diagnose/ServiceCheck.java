package vn.loa.agent.diagnose;

import vn.loa.agent.store.AudioSettingsStore;

/**
 * Whether the headend took this receiver out of service (the remote kill switch, kept in {@code DATA/audio.json}):
 * then nothing plays, emergencies included, which a technician at the pole must know before anything else.
 */
public final class ServiceCheck implements Check {

    private final AudioSettingsStore store;

    public ServiceCheck(AudioSettingsStore store) {
        this.store = store;
    }

    @Override public String name() {
        return "service";
    }

    @Override public CheckResult run() {
        // the loa.json volumes do not matter for the hold: it is kept whether or not they changed
        AudioSettingsStore.Loaded l = store.load(-1, -1);
        return switch (l) {
            case AudioSettingsStore.Loaded.None n -> CheckResult.pass("in service (never taken out of service)");
            case AudioSettingsStore.Loaded.Unusable u -> CheckResult.warn("cannot tell whether the headend took this "
                    + "receiver out of service: " + u.reason(), "the file was damaged (power lost while writing, worn SD card)",
                    "delete " + store.file() + " (the headend's volume is then loa.json's until it sets it again)");
            case AudioSettingsStore.Loaded.Apply a -> held(a.settings());
            case AudioSettingsStore.Loaded.Superseded s -> held(s.settings());
        };
    }

    private static CheckResult held(AudioSettingsStore.Settings s) {
        return s.outOfService().map(h -> CheckResult.warn("OUT OF SERVICE since " + h.since() + " (set by " + h.by()
                        + "): nothing plays, emergencies included, amplifiers held off",
                "the headend switched this receiver off remotely (a howling loudspeaker, works on the line)",
                "once the loudspeakers are fixed, ask the headend to put it back in service (Object 33000 resource 9 false)"))
                .orElseGet(() -> CheckResult.pass("in service"));
    }
}
