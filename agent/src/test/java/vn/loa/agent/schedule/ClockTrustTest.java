package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class ClockTrustTest {

    private static final Instant BUILD = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualScheduler time = new ManualScheduler();
    private final AtomicReference<Optional<Boolean>> ntp = new AtomicReference<>(Optional.of(false));
    private final AtomicInteger probes = new AtomicInteger();

    private ClockTrust trust() {
        return new ClockTrust(time, BUILD, () -> {
            probes.incrementAndGet();
            return ntp.get();
        }, Duration.ofMinutes(2), Duration.ofMinutes(1));
    }

    @Test
    void never_trusted_before_the_build_date_even_if_ntp_says_so() {
        ntp.set(Optional.of(true));
        time.setWallClock(Instant.parse("1970-01-01T00:00:10Z"));
        assertThat(trust().current()).isEqualTo(new ClockTrust.Trust.Untrusted(
                "wall clock 1970-01-01T00:00:10Z is before the build date 2026-01-01T00:00:00Z"));
    }

    @Test
    void trusted_when_the_os_says_ntp_synchronised_probing_at_most_once_a_minute() {
        ClockTrust t = trust();
        assertThat(t.current()).isEqualTo(new ClockTrust.Trust.Untrusted("the OS clock is not NTP-synchronised, and no server time yet"));
        ntp.set(Optional.of(true));
        assertThat(t.current().trusted()).as("cached answer").isFalse();
        time.advance(Duration.ofMinutes(1));
        assertThat(t.current()).isEqualTo(new ClockTrust.Trust.Trusted("NTP-synchronised (per the OS)"));
        assertThat(probes.get()).isEqualTo(2);
    }

    @Test
    void server_time_within_tolerance_trusts_until_the_wall_clock_jumps() {
        ClockTrust t = trust();
        List<ClockTrust.Trust> heard = new ArrayList<>();
        t.addListener(heard::add);
        assertThat(t.serverTime(time.now().plusSeconds(300)).trusted()).as("5 min off").isFalse();
        assertThat(t.serverTime(time.now().plusSeconds(30))).isEqualTo(new ClockTrust.Trust.Trusted("confirmed by the server's time"));
        time.advance(Duration.ofDays(3));
        assertThat(t.current().trusted()).as("days offline, clock running normally").isTrue();
        time.setWallClock(time.now().plus(Duration.ofHours(7)));
        assertThat(t.current().trusted()).as("stepped 7 h since the server confirmed it").isFalse();
        assertThat(heard).extracting(ClockTrust.Trust::trusted).containsExactly(false, true, false);
    }

    @Test
    void an_asynchronous_probe_never_runs_on_the_caller_and_its_answer_counts_from_the_next_call() {
        List<Runnable> pending = new ArrayList<>();
        ntp.set(Optional.of(true));
        ClockTrust t = new ClockTrust(time, BUILD, ntp::get, Duration.ofMinutes(2), Duration.ofMinutes(1), pending::add);
        assertThat(t.current().trusted()).isFalse();
        assertThat(pending).hasSize(1);
        t.current();
        assertThat(pending).as("one probe at a time").hasSize(1);
        pending.get(0).run();
        assertThat(t.current().trusted()).isTrue();
    }

    @Test
    void cannot_tell_counts_as_untrusted() {
        ntp.set(Optional.empty());
        assertThat(trust().current()).isEqualTo(new ClockTrust.Trust.Untrusted(
                "cannot tell whether the OS clock is NTP-synchronised, and no server time yet"));
    }

    @Test
    void the_timesync_flag_probe_reads_the_flag_file(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path flag = tmp.resolve("timesync/synchronized");
        assertThat(SyncProbe.timesyncFlag(flag).synchronised()).as("no timesyncd folder").isEmpty();
        java.nio.file.Files.createDirectories(flag.getParent());
        assertThat(SyncProbe.timesyncFlag(flag).synchronised()).contains(false);
        java.nio.file.Files.createFile(flag);
        assertThat(SyncProbe.timesyncFlag(flag).synchronised()).contains(true);
    }
}
