package vn.loa.agent.update;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import vn.loa.hal.json.JsonNode;
import vn.loa.ota.launcher.SlotLayout;

/**
 * The {@code update} section of {@code loa.json}: where the A/B slots, the launcher state and the trusted release keys
 * live, when a downloaded update may be activated, and how often the agent tells the launcher it is healthy.
 * <pre>
 * "update": {
 *   "root": "/opt/loa",                    // slots/A|B, current, lib/ (the launcher's --root)
 *   "stateDir": "/var/lib/loa/ota",        // launcher.properties and download chunks (the launcher's --state)
 *   "trustDir": "/etc/loa/trust",          // *.pub release keys; keys learned by rotation are added here
 *   "maintenanceWindow": "23:00-05:00",    // station time; "any" = no window
 *   "heartbeatSeconds": 5,                 // health beats to the launcher, from the control loop
 *   "downloadTimeoutSeconds": 30           // a download silent this long counts as a cut (resumed on the next write)
 * }
 * </pre>
 * The maintenance window only holds back an activation that would interrupt a NORMAL item; EMERGENCY and PRIORITY items
 * always hold it back, and an idle station activates at once (see {@link StationActivationPolicy}). The trial's stable
 * window is the launcher's {@code --stable-window} (in {@code packaging/loa.service}), not a key here: the launcher
 * judges the trial and reads no agent configuration.
 *
 * @param window empty: activation may interrupt a NORMAL item at any time
 */
public record UpdateConfig(Path root, Path stateDir, Path trustDir, Optional<Window> window, Duration heartbeat,
                           Duration downloadTimeout) {

    /** A daily window in station time, {@code [from, to)}, wrapping midnight when {@code to} is before {@code from}. */
    public record Window(LocalTime from, LocalTime to) {
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) throw new IllegalArgumentException("maintenance window " + from + "-" + to + " is empty; say \"any\" for no window");
        }

        /** Parses {@code HH:mm-HH:mm}; the message says what is wrong. */
        static Window parse(String s) {
            String[] p = s.trim().split("-");
            if (p.length != 2) throw new IllegalArgumentException("is not a window HH:mm-HH:mm (or \"any\")");
            try {
                LocalTime from = LocalTime.parse(p[0].trim());
                LocalTime to = LocalTime.parse(p[1].trim());
                if (from.equals(to)) throw new IllegalArgumentException("is an empty window; say \"any\" for no window");
                return new Window(from, to);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not a window HH:mm-HH:mm (or \"any\")");
            }
        }

        @Override public String toString() {
            return from + "-" + to;
        }
    }

    public static final Path DEFAULT_TRUST = Path.of("/etc/loa/trust");
    public static final Window DEFAULT_WINDOW = new Window(LocalTime.of(23, 0), LocalTime.of(5, 0));

    public UpdateConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(trustDir, "trustDir");
        Objects.requireNonNull(window, "window");
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat " + heartbeat + " must be positive");
        if (downloadTimeout.isNegative() || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("downloadTimeout " + downloadTimeout + " must be positive");
        }
    }

    public static UpdateConfig defaults() {
        return new UpdateConfig(SlotLayout.DEFAULT_ROOT, SlotLayout.DEFAULT_STATE, DEFAULT_TRUST, Optional.of(DEFAULT_WINDOW),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Reads the section (absent keys take the defaults); every problem goes to {@code section.problems()}. */
    public static UpdateConfig from(JsonNode section) {
        UpdateConfig d = defaults();
        Path root = section.parsed("root", d.root(), UpdateConfig::path);
        Path state = section.parsed("stateDir", d.stateDir(), UpdateConfig::path);
        Path trust = section.parsed("trustDir", d.trustDir(), UpdateConfig::path);
        Optional<Window> window = section.parsed("maintenanceWindow", d.window(),
                s -> s.trim().equalsIgnoreCase("any") ? Optional.<Window>empty() : Optional.of(Window.parse(s)));
        long beat = section.integer("heartbeatSeconds", d.heartbeat().toSeconds(), 1, 10);
        long timeout = section.integer("downloadTimeoutSeconds", d.downloadTimeout().toSeconds(), 5, 600);
        section.rejectUnknownKeys();
        return new UpdateConfig(root, state, trust, window, Duration.ofSeconds(beat), Duration.ofSeconds(timeout));
    }

    private static Path path(String s) {
        if (s.isBlank()) throw new IllegalArgumentException("must not be empty");
        return Path.of(s);
    }

    /** Slots and launcher state as the OTA engine sees them. */
    public SlotLayout layout() {
        return new SlotLayout(root, stateDir);
    }
}
