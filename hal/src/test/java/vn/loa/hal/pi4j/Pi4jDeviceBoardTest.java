package vn.loa.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pi4j.boardinfo.util.BoardInfoHelper;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;
import vn.loa.hal.time.ManualScheduler;

class Pi4jDeviceBoardTest {

    @Test
    void a_pi_profile_off_a_pi_is_refused_with_a_plain_message() throws Exception {
        assumeTrue(!BoardInfoHelper.runningOnRaspberryPi(), "this test checks the refusal off a Raspberry Pi");
        assertThatThrownBy(() -> Boards.open(BoardProfile.builtIn("raspberry-pi-4"), new ManualScheduler()))
                .isInstanceOf(BoardOpenException.class)
                .hasMessage("board profile raspberry-pi-4 (built-in): this machine is not a Raspberry Pi that Pi4J"
                        + " recognises, so the raspberry-pi-4 GPIO cannot be opened; amplifiers stay off (use the"
                        + " \"simulated\" profile off the device)");
    }

    /** Run on a Raspberry Pi 4 wired per the built-in profile with {@code -Dloa.device=true}. */
    @Test
    @Tag("device")
    void on_the_device_the_relay_follows_the_amplifier() throws Exception {
        try (LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "loa-control");
                Board board = Boards.open(BoardProfile.builtIn("raspberry-pi-4"), loop)) {
            Amplifier main = board.amplifier("main").orElseThrow();
            loop.execute(() -> main.demand(false));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> main.state() == Amplifier.State.ON);
            assertThat(board.output("amp.main.relay").orElseThrow().active()).isTrue();
            board.safeState("device test done");
            assertThat(board.output("amp.main.relay").orElseThrow().active()).isFalse();
        }
    }
}
