package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.ota.ActivationPolicy.Decision;

class StationActivationPolicyTest {

    /** 14:00 in Vietnam (07:00 UTC): outside the 23:00-05:00 window. */
    final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-11-23T07:00:00Z"), Clock.VIETNAM);
    final AtomicReference<ArbiterStatus> onAir = new AtomicReference<>(UpdateFixture.IDLE);
    final StationActivationPolicy policy = new StationActivationPolicy(onAir::get, clock,
            Optional.of(new UpdateConfig.Window(LocalTime.of(23, 0), LocalTime.of(5, 0))));

    static ArbiterStatus playing(String id, Level level) {
        return new ArbiterStatus(Optional.of(id), Optional.of(level), "playing", 2.0, 0, 0, "", Amplifier.State.ON, 0, "");
    }

    @Test
    void an_idle_station_activates_at_once_even_outside_the_window() {
        assertThat(policy.mayActivateNow()).isEqualTo(new Decision.Allowed());
    }

    @Test
    void emergency_and_priority_items_hold_activation_back_even_inside_the_window() {
        clock.setWallClock(Instant.parse("2026-11-23T17:00:00Z"));
        onAir.set(playing("storm-1", Level.EMERGENCY));
        assertThat(policy.mayActivateNow()).isEqualTo(new Decision.Deferred("EMERGENCY item 'storm-1' is on air"));
        onAir.set(playing("vaccination", Level.PRIORITY));
        assertThat(policy.mayActivateNow()).isEqualTo(new Decision.Deferred("PRIORITY item 'vaccination' is on air"));
    }

    @Test
    void a_normal_item_defers_activation_to_the_maintenance_window() {
        onAir.set(playing("news-0700", Level.NORMAL));
        assertThat(policy.mayActivateNow()).isEqualTo(new Decision.Deferred("NORMAL item 'news-0700' is on air and the"
                + " station is outside the maintenance window 23:00-05:00 (now 14:00 Asia/Ho_Chi_Minh)"));
        clock.setWallClock(Instant.parse("2026-11-23T16:30:00Z"));
        assertThat(policy.mayActivateNow()).isEqualTo(new Decision.Allowed());
    }

    @Test
    void without_a_window_a_normal_item_does_not_hold_activation_back() {
        StationActivationPolicy any = new StationActivationPolicy(onAir::get, clock, Optional.empty());
        onAir.set(playing("news-0700", Level.NORMAL));
        assertThat(any.mayActivateNow()).isEqualTo(new Decision.Allowed());
        onAir.set(playing("storm-1", Level.EMERGENCY));
        assertThat(any.mayActivateNow()).isInstanceOf(Decision.Deferred.class);
    }
}
