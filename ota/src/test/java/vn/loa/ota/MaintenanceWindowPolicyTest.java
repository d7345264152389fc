package vn.loa.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class MaintenanceWindowPolicyTest {

    final ManualScheduler clock = new ManualScheduler(); // Monday 08:00 in Vietnam
    Optional<String> live = Optional.empty();

    @Test
    void activation_waits_for_a_window_that_wraps_midnight() {
        MaintenanceWindowPolicy p = new MaintenanceWindowPolicy(clock, LocalTime.of(23, 0), LocalTime.of(4, 0), () -> live);
        assertThat(p.mayActivateNow()).isEqualTo(new ActivationPolicy.Decision.Deferred(
                "outside the maintenance window 23:00-04:00 (now 08:00 Asia/Ho_Chi_Minh)"));
        clock.advance(Duration.ofHours(15)); // 23:00
        assertThat(p.mayActivateNow()).isEqualTo(new ActivationPolicy.Decision.Allowed());
        clock.advance(Duration.ofHours(5)); // 04:00 next day
        assertThat(p.mayActivateNow()).isInstanceOf(ActivationPolicy.Decision.Deferred.class);
    }

    @Test
    void a_live_emergency_blocks_even_inside_the_window() {
        MaintenanceWindowPolicy p = new MaintenanceWindowPolicy(clock, LocalTime.of(0, 0), LocalTime.of(0, 0), () -> live);
        assertThat(p.mayActivateNow()).isEqualTo(new ActivationPolicy.Decision.Allowed());
        live = Optional.of("EMERGENCY item 'flood warning' is playing");
        assertThat(p.mayActivateNow()).isEqualTo(new ActivationPolicy.Decision.Deferred("EMERGENCY item 'flood warning' is playing"));
    }
}
