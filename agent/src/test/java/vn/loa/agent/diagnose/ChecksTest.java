package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class ChecksTest {

    @TempDir Path dir;

    @Test
    void a_missing_config_fails_with_the_path_and_what_to_do() {
        CheckResult r = new ConfigCheck("config", dir.resolve("config.json"), ConfigCheck.anyObject(),
                "provision the receiver again").run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).isEqualTo(dir.resolve("config.json") + " not found");
        assertThat(r.remedy()).isEqualTo("provision the receiver again");
    }

    @Test
    void an_invalid_config_fails_quoting_the_parser_problem() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), "{\"server\": ");
        CheckResult r = new ConfigCheck("config", f, ConfigCheck.anyObject(), "x").run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).startsWith(f + ": is not valid JSON");
    }

    @Test
    void the_validator_decides_what_valid_means_and_its_problems_are_counted() throws IOException {
        Path f = Files.writeString(dir.resolve("config.json"), "{\"volume\": 140, \"colour\": 1}");
        CheckResult r = new ConfigCheck("config", f, n -> {
            n.intValue("volume", 70, 0, 100);
            n.rejectUnknownKeys();
            return n.problems().all();
        }, "x").run();
        assertThat(r.detail()).isEqualTo(f + ": volume 140 is outside 0..100 (and 1 more)");
        Files.writeString(f, "{\"volume\": 40}");
        assertThat(new ConfigCheck("config", f, ConfigCheck.anyObject(), "x").run())
                .isEqualTo(CheckResult.pass(f + " is valid"));
    }

    @Test
    void disk_space_passes_warns_and_fails_at_the_thresholds() {
        assertThat(disk(500L << 20).status()).isEqualTo(Status.PASS);
        assertThat(disk(100L << 20).status()).isEqualTo(Status.WARN);
        CheckResult full = disk(12L << 20);
        assertThat(full.status()).isEqualTo(Status.FAIL);
        assertThat(full.detail()).isEqualTo("12 MB free on " + dir + ", less than 50 MB");
        assertThat(full.cause()).isEqualTo("the disk is full (logs or downloads)");
    }

    private CheckResult disk(long free) {
        return new DiskSpaceCheck(dir.resolve("state/cache"), p -> free, DiskSpaceCheck.DEFAULT_WARN_BYTES,
                DiskSpaceCheck.DEFAULT_FAIL_BYTES).run();
    }

    @Test
    void a_clock_before_the_build_fails_and_names_both_dates() {
        ManualScheduler time = new ManualScheduler(Instant.parse("1970-01-01T00:00:05Z"), Clock.VIETNAM);
        CheckResult r = new ClockCheck(time, Instant.parse("2026-11-20T10:00:00Z"), () -> Optional.of(false)).run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).isEqualTo("clock says 1970-01-01 00:00 UTC, before this software was built (2026-11-20 10:00 UTC)");
    }

    @Test
    void an_unsynchronised_or_unknown_ntp_state_warns_and_a_synchronised_one_passes() {
        ManualScheduler time = new ManualScheduler();
        Instant built = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(new ClockCheck(time, built, () -> Optional.of(false)).run().detail()).endsWith("but NTP is not synchronised");
        assertThat(new ClockCheck(time, built, Optional::empty).run().status()).isEqualTo(Status.WARN);
        assertThat(new ClockCheck(time, built, () -> Optional.of(true)).run())
                .isEqualTo(CheckResult.pass("2026-01-05 01:00 UTC, NTP synchronised"));
    }

    @Test
    void the_build_time_of_loaded_code_is_not_before_the_floor() {
        assertThat(ClockCheck.buildTimeOf(ClockCheck.class)).isAfterOrEqualTo(ClockCheck.EARLIEST_BUILD);
    }

    @Test
    void a_name_that_does_not_resolve_fails_as_no_network() {
        CheckResult r = new ServerReachableCheck("headend.example", 5684, ServerReachableCheck.Transport.UDP,
                h -> { throw new UnknownHostException(h); }, ServerReachableCheck.Prober.SYSTEM, Duration.ofMillis(200)).run();
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).isEqualTo("cannot resolve 'headend.example'");
        assertThat(r.cause()).contains("no network");
    }

    @Test
    void a_closed_tcp_port_on_loopback_is_reported_as_refused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = tcp(port);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.detail()).startsWith("localhost (127.0.0.1) TCP " + port + " refused");
    }

    @Test
    void an_open_tcp_port_on_loopback_passes() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(tcp(s.getLocalPort())).isEqualTo(CheckResult.pass("localhost (127.0.0.1) TCP " + s.getLocalPort() + " connected"));
        }
    }

    @Test
    void a_closed_udp_port_on_loopback_is_refused_and_a_silent_one_passes() throws IOException {
        int closed;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closed = s.getLocalPort();
        }
        assertThat(udp(closed).detail()).isEqualTo("localhost (127.0.0.1) UDP " + closed + " refused: ICMP port unreachable");
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            CheckResult r = udp(silent.getLocalPort());
            assertThat(r.status()).isEqualTo(Status.PASS);
            assertThat(r.detail()).contains("route up, no ICMP error");
        }
    }

    private static CheckResult tcp(int port) {
        return new ServerReachableCheck("localhost", port, ServerReachableCheck.Transport.TCP,
                h -> List.of(InetAddress.getByName("127.0.0.1")), ServerReachableCheck.Prober.SYSTEM, Duration.ofSeconds(2)).run();
    }

    private static CheckResult udp(int port) {
        return new ServerReachableCheck("localhost", port, ServerReachableCheck.Transport.UDP,
                h -> List.of(InetAddress.getByName("127.0.0.1")), ServerReachableCheck.Prober.SYSTEM, Duration.ofMillis(300)).run();
    }

    @Test
    void no_mains_fails_and_an_open_door_warns() {
        assertThat(new MainsCheck(() -> true).run()).isEqualTo(CheckResult.pass("mains present"));
        CheckResult mains = new MainsCheck(() -> false).run();
        assertThat(mains.status()).isEqualTo(Status.FAIL);
        assertThat(mains.detail()).isEqualTo("mains absent, running on battery");
        assertThat(new TamperCheck(() -> false).run()).isEqualTo(CheckResult.pass("door closed"));
        CheckResult door = new TamperCheck(() -> true).run();
        assertThat(door.status()).isEqualTo(Status.WARN);
        assertThat(door.remedy()).contains("possible break-in");
    }
}
