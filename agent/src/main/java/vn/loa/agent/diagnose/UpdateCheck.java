package vn.loa.agent.diagnose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.launcher.LauncherState;

/**
 * The last over-the-air update's result, from the launcher's state file ({@code launcher.properties}, written by the
 * ota module's launcher): a rolled-back trial is a warning naming the version and the launcher's reason; a trial
 * under way or a committed version is a pass. A device that never updated has no file: a pass.
 */
public final class UpdateCheck implements Check {

    private final Path stateFile;

    /** @param stateFile the launcher state, {@code SlotLayout.stateFile()} (default {@code /var/lib/loa/ota/launcher.properties}) */
    public UpdateCheck(Path stateFile) {
        this.stateFile = stateFile;
    }

    @Override public String name() {
        return "update";
    }

    @Override public CheckResult run() {
        Optional<LauncherState> read;
        try {
            read = LauncherState.read(stateFile);
        } catch (IOException e) {
            return CheckResult.warn("cannot read " + stateFile + ": " + e.getMessage(),
                    "the launcher state was damaged (storage fault, edited by hand)",
                    "run 'loa-launcher --status' (or reinstall the current release); the running version keeps working");
        }
        if (read.isEmpty()) return CheckResult.pass("no update taken yet (" + stateFile + " absent)");
        LauncherState s = read.get();
        return switch (s.status()) {
            case TRIAL -> CheckResult.pass("version " + s.trialVersion().orElse("?") + " on trial (boot " + s.trialBoots()
                    + "), " + s.committedVersion() + " kept to fall back to");
            case ROLLBACK -> CheckResult.warn("rolling back from version " + s.trialVersion().orElse("?") + " to "
                            + s.committedVersion() + reason(s), "the new version failed its trial",
                    "let the receiver restart on " + s.committedVersion() + "; report the reason to the release maintainers");
            case COMMITTED -> committed(s);
        };
    }

    private static String reason(LauncherState s) {
        return s.rollback().map(r -> " (" + r.reason() + ")").orElse("");
    }

    private CheckResult committed(LauncherState s) {
        if (s.rollback().isEmpty() || supersedes(s.committedVersion(), s.rollback().get().version())) {
            return CheckResult.pass("running version " + s.committedVersion() + " (slot " + s.committedSlot() + "), last update committed");
        }
        LauncherState.Rollback r = s.rollback().get();
        return CheckResult.warn("update to version " + r.version() + " rolled back at " + r.at() + ": " + r.reason()
                        + "; running " + s.committedVersion() + " again",
                "the new version did not prove healthy on this receiver (crashed, or no health report in time)",
                "the receiver works on " + s.committedVersion() + "; send this line and 'journalctl -u loa' to the release "
                        + "maintainers before pushing " + r.version() + " again");
    }

    /** Whether the committed version is the rolled-back one or newer (a later update succeeded). */
    private static boolean supersedes(String committed, String rolledBack) {
        try {
            return Version.parse(committed).compareTo(Version.parse(rolledBack)) >= 0;
        } catch (IllegalArgumentException e) {
            return committed.equals(rolledBack);
        }
    }
}
