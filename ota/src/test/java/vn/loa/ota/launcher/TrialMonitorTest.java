package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;
import vn.loa.ota.launcher.TrialMonitor.Decision;

class TrialMonitorTest {

    static final long S = 1_000_000_000L;
    static final long T0 = 5_000 * S;
    final TrialPolicy policy = TrialPolicy.DEFAULT;

    TrialMonitor trial(boolean needsRegistration) {
        return new TrialMonitor(policy, BootPlan.Mode.TRIAL, needsRegistration, T0);
    }

    /** Heartbeats every 5 s from {@code from} to {@code to} seconds; returns the first non-Continue decision. */
    static Decision beat(TrialMonitor m, long fromS, long toS, AudioSelfTest audio, boolean registered) {
        long seq = fromS;
        for (long t = fromS; t <= toS; t += 5) {
            Decision d = m.onHealth(T0 + t * S, new HealthReport(seq++, audio, registered));
            if (!(d instanceof Decision.Continue)) return d;
            d = m.onTick(T0 + t * S + 1);
            if (!(d instanceof Decision.Continue)) return d;
        }
        return new Decision.Continue();
    }

    @Test
    void a_healthy_trial_commits_after_the_stable_window_and_not_before() {
        TrialMonitor m = trial(true);
        assertThat(beat(m, 1, 595, AudioSelfTest.PASSED, true)).isInstanceOf(Decision.Continue.class);
        assertThat(m.passedGates()).containsExactlyInAnyOrder(TrialMonitor.Gate.AGENT_UP, TrialMonitor.Gate.LOOP_TICKING,
                TrialMonitor.Gate.AUDIO_SELF_TEST, TrialMonitor.Gate.REGISTERED);
        Decision d = beat(m, 600, 600, AudioSelfTest.PASSED, true);
        assertThat(d).isEqualTo(new Decision.Commit("all gates passed; stable for 600 s"));
    }

    @Test
    void a_failed_audio_self_test_rolls_back_at_once() {
        TrialMonitor m = trial(false);
        beat(m, 1, 10, AudioSelfTest.PENDING, false);
        assertThat(m.onHealth(T0 + 12 * S, new HealthReport(99, AudioSelfTest.FAILED, false)))
                .isEqualTo(new Decision.Rollback("audio self-test failed"));
    }

    @Test
    void a_crash_during_the_trial_rolls_back_with_the_exit_code() {
        TrialMonitor m = trial(false);
        beat(m, 1, 6, AudioSelfTest.PASSED, false);
        assertThat(m.onExit(T0 + 7 * S, 1)).isEqualTo(new Decision.Rollback("exited with code 1 after 7 s during its trial"));
    }

    @Test
    void a_hang_trips_the_watchdog_within_a_minute() {
        TrialMonitor m = trial(false);
        beat(m, 1, 20, AudioSelfTest.PASSED, false);
        assertThat(m.onTick(T0 + 45 * S)).isInstanceOf(Decision.Continue.class);
        assertThat(m.onTick(T0 + 46 * S)).isEqualTo(new Decision.Rollback("no heartbeat for 30 s (watchdog 30 s)"));
    }

    @Test
    void no_heartbeat_at_all_rolls_back_after_the_start_deadline() {
        TrialMonitor m = trial(false);
        assertThat(m.onTick(T0 + 44 * S)).isInstanceOf(Decision.Continue.class);
        assertThat(m.onTick(T0 + 45 * S)).isEqualTo(new Decision.Rollback("no heartbeat within 45 s of start"));
    }

    @Test
    void a_missing_reregistration_fails_the_gate_deadline() {
        TrialMonitor m = trial(true);
        Decision d = beat(m, 1, 400, AudioSelfTest.PASSED, false);
        assertThat(d).isEqualTo(new Decision.Rollback("gate(s) [REGISTERED] not passed within 300 s"));
    }

    @Test
    void registration_is_not_required_when_the_link_was_down_before() {
        TrialMonitor m = trial(false);
        assertThat(beat(m, 0, 600, AudioSelfTest.PASSED, false)).isInstanceOf(Decision.Commit.class);
    }

    @Test
    void replayed_or_old_heartbeats_do_not_feed_the_watchdog() {
        TrialMonitor m = trial(false);
        m.onHealth(T0 + S, new HealthReport(10, AudioSelfTest.PASSED, false));
        for (long t = 2; t < 31; t++) m.onHealth(T0 + t * S, new HealthReport(10, AudioSelfTest.PASSED, false));
        assertThat(m.onTick(T0 + 31 * S)).isInstanceOf(Decision.Rollback.class);
    }

    @Test
    void a_committed_child_that_crashes_or_hangs_is_restarted_not_rolled_back() {
        TrialMonitor m = new TrialMonitor(policy, BootPlan.Mode.COMMITTED, false, T0);
        beat(m, 1, 10, AudioSelfTest.FAILED, false);
        assertThat(m.onTick(T0 + 41 * S)).isEqualTo(new Decision.Restart("no heartbeat for 35 s (watchdog 30 s)"));
        TrialMonitor m2 = new TrialMonitor(policy, BootPlan.Mode.COMMITTED, false, T0);
        assertThat(m2.onExit(T0 + S, 137)).isEqualTo(new Decision.Restart("exited with code 137"));
        assertThat(new TrialMonitor(policy, BootPlan.Mode.COMMITTED, false, T0).onExit(T0, TrialMonitor.EXIT_RESTART))
                .isEqualTo(new Decision.Exited(TrialMonitor.EXIT_RESTART));
    }

    @Test
    void health_datagrams_need_the_token() {
        HealthReport r = new HealthReport(7, AudioSelfTest.PASSED, true);
        byte[] b = r.encode("secret");
        assertThat(HealthReport.decode(b, b.length, "secret")).contains(r);
        assertThat(HealthReport.decode(b, b.length, "other")).isEmpty();
        byte[] junk = "loa-health 1 token=secret seq=x audio=passed registered=yes".getBytes();
        assertThat(HealthReport.decode(junk, junk.length, "secret")).isEmpty();
    }

    @Test
    void a_policy_rejects_non_positive_durations() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrialPolicy(Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("must be positive but one was PT0S");
    }
}
