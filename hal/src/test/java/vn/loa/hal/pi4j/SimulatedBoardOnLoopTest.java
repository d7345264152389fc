package vn.loa.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;

/** The simulated board on the real control-loop thread, as {@code ./loa sim} runs it. */
class SimulatedBoardOnLoopTest {

    private static final String PROFILE = """
            {"board": "simulated",
             "amplifiers": [{"zone": "main", "relay": {"pin": 17, "activeLow": true},
                             "fault": {"pin": 27, "activeLow": true, "pull": "up", "debounceMs": 20},
                             "warmUpMs": 50, "holdMs": 50, "minOffMs": 0, "emergencyMinOffMs": 0}],
             "inputs": {"mainsPresent": {"pin": 22, "debounceMs": 20}},
             "outputs": {"fmGate": {"pin": 24, "activeLow": true}, "mute": {"pin": 25, "activeLow": true}}}
            """;

    private final LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "loa-control-test");
    private SimulatedBoard board;

    @AfterEach
    void stop() {
        if (board != null) board.close();
        loop.close();
    }

    @Test
    void input_listeners_run_on_the_loop_thread() throws Exception {
        board = Boards.simulated(BoardProfile.parse(PROFILE, "test.json"), loop);
        List<String> threads = new CopyOnWriteArrayList<>();
        board.input("mainsPresent").orElseThrow().addListener((in, active) -> threads.add(Thread.currentThread().getName()));

        board.setInput("mainsPresent", false);

        await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 1);
        assertThat(threads).containsExactly("loa-control-test");
        assertThat(board.input("mainsPresent").orElseThrow().active()).isFalse();
    }

    @Test
    void safe_state_from_another_thread_opens_relays_at_once_and_the_sequencer_follows() throws Exception {
        board = Boards.simulated(BoardProfile.parse(PROFILE, "test.json"), loop);
        Amplifier main = board.amplifier("main").orElseThrow();
        loop.execute(() -> main.demand(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> main.state() == Amplifier.State.ON);
        loop.execute(() -> board.output("fmGate").orElseThrow().set(true));
        await().atMost(Duration.ofSeconds(5)).until(() -> board.outputActive("fmGate"));

        board.safeState("SIGTERM");

        assertThat(board.outputActive("amp.main.relay")).isFalse();
        assertThat(board.outputActive("fmGate")).isFalse();
        assertThat(board.outputActive("mute")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> main.state() == Amplifier.State.OFF);
    }
}
