package vn.loa.testbench.diagnose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.loa.agent.diagnose.Check;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.agent.diagnose.ConfigCheck;
import vn.loa.agent.diagnose.DiskSpaceCheck;
import vn.loa.agent.diagnose.MainsCheck;
import vn.loa.agent.diagnose.TamperCheck;
import vn.loa.agent.diagnose.ServerReachableCheck;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

/**
 * The receiver's checks run against a simulated receiver: its files live in a folder the caller owns, and the
 * OS seams (free space, NTP, DNS, sockets) are simulated, with the requested {@link Fault}s staged. The very
 * same {@link Check} classes run on a device with the real seams.
 */
public final class SimulatedReceiverChecks {

    /** The simulated headend's name. */
    public static final String HEADEND = "headend.loa.sim";
    private static final String GOOD_CONFIG = "{\n  \"receiver\": \"rx-sim\",\n  \"server\": \"coaps://" + HEADEND + ":5684\"\n}\n";

    private SimulatedReceiverChecks() {
    }

    /**
     * Writes the simulated receiver's files under {@code dir} and returns its checks with {@code faults} staged.
     * {@code buildTime} is the "not before" date of the clock check; {@code now} the simulated receiver's time.
     */
    public static List<Check> create(Path dir, Set<Fault> faults, Instant now, Instant buildTime) {
        Path config = dir.resolve("etc/config.json");
        Path data = dir.resolve("var/lib/loa");
        try {
            Files.createDirectories(config.getParent());
            Files.createDirectories(data);
            Files.writeString(config, faults.contains(Fault.BAD_CONFIG) ? GOOD_CONFIG.substring(0, 40) : GOOD_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated receiver's files under " + dir, e);
        }
        Clock clock = new ManualScheduler(faults.contains(Fault.CLOCK_WRONG) ? Instant.parse("1970-01-01T00:00:07Z") : now,
                Clock.VIETNAM);
        long free = faults.contains(Fault.DISK_FULL) ? 12L << 20 : 3L << 30;
        boolean network = !faults.contains(Fault.NO_NETWORK);
        ServerReachableCheck.Resolver dns = host -> {
            if (!network || !host.equals(HEADEND)) throw new UnknownHostException(host);
            return List.of(InetAddress.getByAddress(HEADEND, new byte[] {10, 0, 0, 1}));
        };
        ServerReachableCheck.Prober udp = (to, transport, timeout) -> network
                ? new ServerReachableCheck.Probe.Reachable("answered (simulated headend)")
                : new ServerReachableCheck.Probe.NoRoute("Network is unreachable");
        return List.of(
                new ConfigCheck("config", config, ConfigCheck.anyObject(), "provision the receiver again"),
                new DiskSpaceCheck(data, p -> free, DiskSpaceCheck.DEFAULT_WARN_BYTES, DiskSpaceCheck.DEFAULT_FAIL_BYTES),
                new ClockCheck(clock, buildTime, () -> Optional.of(!faults.contains(Fault.CLOCK_WRONG) && network)),
                new ServerReachableCheck(HEADEND, 5684, ServerReachableCheck.Transport.UDP, dns, udp, Duration.ofSeconds(2)),
                new MainsCheck(() -> !faults.contains(Fault.NO_MAINS)),
                new TamperCheck(() -> faults.contains(Fault.TAMPER)));
    }
}
