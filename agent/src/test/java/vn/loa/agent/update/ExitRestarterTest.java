package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitRestarterTest {

    final List<String> steps = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    @Test
    void the_safe_shutdown_runs_first_then_the_agent_exits_with_75_once() throws Exception {
        ExitRestarter r = new ExitRestarter(() -> steps.add("safe shutdown on " + Thread.currentThread().getName()),
                code -> {
                    steps.add("exit " + code);
                    exit.complete(code);
                });
        r.restartIntoNewSlot("1.1.0");
        r.restartIntoNewSlot("1.1.0");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(75);
        assertThat(steps).containsExactly("safe shutdown on loa-update-restart", "exit 75");
    }

    @Test
    void a_failing_shutdown_still_exits_for_the_launcher() throws Exception {
        ExitRestarter r = new ExitRestarter(() -> {
            throw new IllegalStateException("amplifier relay stuck");
        }, exit::complete);
        r.restartIntoNewSlot("1.1.0");
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(75);
    }
}
