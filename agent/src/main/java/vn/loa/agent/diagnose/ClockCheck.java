package vn.loa.agent.diagnose;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import vn.loa.hal.time.Clock;

/**
 * The wall clock is trustworthy: not before this software was built (a board without an RTC battery boots
 * in 1970 until NTP answers), and synchronised by NTP. Schedules, quiet hours and play-log times depend on it.
 */
public final class ClockCheck implements Check {

    /** Whether NTP has synchronised the system clock; empty when it cannot be told. A seam over the OS. */
    @FunctionalInterface
    public interface TimeSync {
        Optional<Boolean> synchronised();

        /** {@code timedatectl show -p NTPSynchronized --value} (systemd), through the schedule's own {@code SyncProbe}. */
        TimeSync TIMEDATECTL = () -> vn.loa.agent.schedule.SyncProbe.timedatectl().synchronised();
    }

    /** A floor when the build time cannot be read: no Loa was built before this. */
    public static final Instant EARLIEST_BUILD = Instant.parse("2026-01-01T00:00:00Z");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Instant notBefore;
    private final TimeSync sync;

    public ClockCheck(Clock clock, Instant notBefore, TimeSync sync) {
        this.clock = clock;
        this.notBefore = notBefore;
        this.sync = sync;
    }

    /**
     * When the code of {@code type} was built: the modification time of its jar or class file, or
     * {@link #EARLIEST_BUILD} when that is unreadable or older (reproducible builds stamp 1980).
     */
    public static Instant buildTimeOf(Class<?> type) {
        try {
            var src = type.getProtectionDomain().getCodeSource();
            if (src == null) return EARLIEST_BUILD;
            Path p = Path.of(src.getLocation().toURI());
            if (Files.isDirectory(p)) p = p.resolve(type.getName().replace('.', '/') + ".class");
            Instant t = Files.getLastModifiedTime(p).toInstant();
            return t.isAfter(EARLIEST_BUILD) ? t : EARLIEST_BUILD;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return EARLIEST_BUILD;
        }
    }

    @Override public String name() {
        return "clock";
    }

    @Override public CheckResult run() {
        Instant now = clock.now();
        if (now.isBefore(notBefore)) {
            return CheckResult.fail("clock says " + DAY.format(now) + " UTC, before this software was built ("
                            + DAY.format(notBefore) + " UTC)",
                    "the clock was never set: no network time yet and no RTC battery",
                    "connect the network so NTP can set it (check 'timedatectl'), replace the RTC battery; "
                            + "until then scheduled bulletins are held back");
        }
        Optional<Boolean> synced = sync.synchronised();
        if (synced.isEmpty()) {
            return CheckResult.warn("clock says " + DAY.format(now) + " UTC; NTP state unknown",
                    "timedatectl is missing or not answering", "check 'timedatectl status' by hand");
        }
        if (!synced.get()) {
            return CheckResult.warn("clock says " + DAY.format(now) + " UTC but NTP is not synchronised",
                    "no network time server reachable (firewall, no network, NTP disabled)",
                    "check the network and 'timedatectl set-ntp true'");
        }
        return CheckResult.pass(DAY.format(now) + " UTC, NTP synchronised");
    }
}
