package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import vn.loa.agent.audio.EngineStatus;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.ota.launcher.HealthReport.AudioSelfTest;

class EngineSelfTestTest {

    final ManualScheduler clock = new ManualScheduler();
    final AtomicReference<EngineStatus> engine = new AtomicReference<>(status(true, 0));
    final EngineSelfTest test = new EngineSelfTest(engine::get, clock, Duration.ofSeconds(30));

    static EngineStatus status(boolean open, long ticks) {
        return new EngineStatus(open, "capture:/tmp/out.wav", open ? 0 : 1, open ? "" : "no such device", ticks, 0, 0, 0);
    }

    @Test
    void passes_once_the_sink_is_open_and_the_mixer_ticks() {
        assertThat(test.get()).isEqualTo(AudioSelfTest.PENDING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(test.get()).as("no tick yet").isEqualTo(AudioSelfTest.PENDING);
        engine.set(status(true, 50));
        assertThat(test.get()).isEqualTo(AudioSelfTest.PASSED);
        engine.set(status(false, 50));
        clock.advance(Duration.ofMinutes(5));
        assertThat(test.get()).as("the verdict sticks").isEqualTo(AudioSelfTest.PASSED);
    }

    @Test
    void fails_when_no_audio_flows_within_the_deadline() {
        engine.set(status(false, 0));
        assertThat(test.get()).isEqualTo(AudioSelfTest.PENDING);
        clock.advance(Duration.ofSeconds(29));
        assertThat(test.get()).isEqualTo(AudioSelfTest.PENDING);
        clock.advance(Duration.ofSeconds(1));
        assertThat(test.get()).isEqualTo(AudioSelfTest.FAILED);
        engine.set(status(true, 100));
        assertThat(test.get()).isEqualTo(AudioSelfTest.FAILED);
    }
}
