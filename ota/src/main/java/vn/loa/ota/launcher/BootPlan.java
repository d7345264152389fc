package vn.loa.ota.launcher;

import java.util.List;

/** What the launcher starts next, decided by {@link BootPlanner}. */
public sealed interface BootPlan {

    /** Start {@code slot} in {@code mode}; {@code notes} says what was repaired or rolled back on the way. */
    record Launch(String slot, LaunchSpec spec, Mode mode, LauncherState state, List<String> notes) implements BootPlan {
        public Launch {
            notes = List.copyOf(notes);
        }
    }

    /** Neither slot can start; the launcher exits non-zero with {@code reason} and systemd tries again later. */
    record NoBootableSlot(String reason, List<String> notes) implements BootPlan {
        public NoBootableSlot {
            notes = List.copyOf(notes);
        }
    }

    enum Mode { COMMITTED, TRIAL }
}
