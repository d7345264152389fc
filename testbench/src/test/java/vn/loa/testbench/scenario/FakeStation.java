package vn.loa.testbench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.CheckResult;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.agent.lwm2m.RegistrationListener;
import vn.loa.agent.lwm2m.RegistrationOutcome;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.testbench.dashboard.ActionResult;

/**
 * A scripted station on a manual clock for the runner's tests: receivers register after {@link #REGISTER_AFTER}
 * (a wrong-PSK one fails its handshake instead), items become audible {@link #WARM_UP} after being fired (the
 * amplifier warming up) and play for their bulletin's length; a higher level cuts a lower one off (dropped);
 * an amplifier fault fails the item on air. Every effect goes through the recorder's listeners, as the real
 * adapter's do.
 */
final class FakeStation implements ScenarioStation {

    static final Duration REGISTER_AFTER = Duration.ofMillis(800);
    static final Duration WARM_UP = Duration.ofMillis(500);

    private final ManualScheduler clock;
    private final Scenario scenario;
    private final Map<String, Path> bulletins;
    private final Map<String, Rx> receivers = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean closed;
    /** Underruns each item reports when it ends. */
    int underrunsPerItem;

    private final class Rx {
        final String name;
        final ArbiterListener arbiter;
        final Amplifier.Listener amp;
        final RegistrationListener reg;
        Amplifier.State state = Amplifier.State.OFF;
        BroadcastItem onAir;
        Instant submitted;
        Cancellable ending = Cancellable.NONE;
        boolean fault;

        Rx(String name, Recorder r) {
            this.name = name;
            this.arbiter = r.arbiter(name);
            this.amp = r.amplifier(name);
            this.reg = r.registration(name);
        }

        void amp(Amplifier.State to, String why) {
            Amplifier.State from = state;
            state = to;
            amp.onTransition(null, from, to, why);
        }

        void play(BroadcastItem item, int seconds) {
            if (fault) {
                arbiter.onEnded(item, new ItemResult.Failed("amplifier fault"), timing(Duration.ZERO));
                return;
            }
            if (onAir != null) {
                if (!item.level().outranks(onAir.level())) {
                    arbiter.onQueued(item);
                    return;
                }
                ending.cancel();
                arbiter.onInterrupted(onAir, item.id());
                arbiter.onEnded(onAir, new ItemResult.Preempted(item.id()), timing(Duration.ofSeconds(1)));
            }
            onAir = item;
            submitted = clock.now();
            arbiter.onQueued(item);
            if (state == Amplifier.State.OFF) amp(Amplifier.State.WARMING, "demanded");
            clock.schedule(WARM_UP, () -> {
                if (onAir != item) return;
                if (state != Amplifier.State.ON) amp(Amplifier.State.ON, "warm-up elapsed");
                arbiter.onStarted(item, clock.now());
                ending = clock.schedule(Duration.ofSeconds(seconds), () -> {
                    onAir = null;
                    arbiter.onEnded(item, new ItemResult.Completed(), timing(Duration.ofSeconds(seconds)));
                    amp(Amplifier.State.HOLD, "released");
                });
            });
        }

        ItemTiming timing(Duration air) {
            return new ItemTiming(submitted == null ? clock.now() : submitted, java.util.Optional.empty(), clock.now(), air, 1,
                    underrunsPerItem, 0);
        }
    }

    FakeStation(ManualScheduler clock, Scenario scenario, Map<String, Path> bulletins, Recorder recorder) {
        this.clock = clock;
        this.scenario = scenario;
        this.bulletins = bulletins;
        for (ReceiverSpec spec : scenario.receivers()) {
            Rx rx = new Rx(spec.name(), recorder);
            receivers.put(spec.name(), rx);
            clock.schedule(REGISTER_AFTER, () -> rx.reg.onOutcome(spec.wrongPsk()
                    ? new RegistrationOutcome.Failed(RegistrationOutcome.Failure.HANDSHAKE_FAILED, "DTLS handshake failed: bad PSK")
                    : new RegistrationOutcome.Registered("coaps://127.0.0.1:5684", "reg-" + spec.name()), Duration.ZERO));
        }
    }

    private int seconds(String bulletin) {
        if (!Files.isRegularFile(bulletins.get(bulletin))) throw new IllegalStateException("bulletin " + bulletin + " not generated");
        return scenario.bulletins().get(bulletin).seconds();
    }

    @Override public ActionResult fire(String receiver, String itemId, Level level, String bulletin) {
        calls.add("fire " + itemId + " " + receiver);
        receivers.get(receiver).play(BroadcastItem.builder(itemId, level).source("file:/b/" + bulletin).build(), seconds(bulletin));
        return ActionResult.done("fired " + itemId);
    }

    @Override public ActionResult stop(String receiver, String itemId) {
        calls.add("stop " + itemId + " " + receiver);
        return ActionResult.refused("nothing to stop");
    }

    @Override public ActionResult schedule(String receiver, String entryId, Level level, String bulletin, Instant due) {
        calls.add("schedule " + entryId + " " + receiver + " due " + Duration.between(clock.now(), due).toMillis() + "ms");
        int s = seconds(bulletin);
        clock.schedule(Duration.between(clock.now(), due), () -> receivers.get(receiver)
                .play(BroadcastItem.builder(entryId + "@2026-11-23T08:00", level).source("file:/b/" + bulletin).build(), s));
        return ActionResult.done("entry " + entryId + " set");
    }

    @Override public ActionResult network(String receiver, Step.NetChange change) {
        calls.add("net " + change.describe() + " " + receiver);
        return ActionResult.done(change.describe());
    }

    @Override public ActionResult mains(String receiver, boolean present) {
        calls.add("mains " + present + " " + receiver);
        return ActionResult.done("");
    }

    @Override public ActionResult door(String receiver, boolean open) {
        calls.add("door " + open + " " + receiver);
        return ActionResult.done("");
    }

    @Override public ActionResult amplifierFault(String receiver, boolean fault) {
        calls.add("ampFault " + fault + " " + receiver);
        Rx rx = receivers.get(receiver);
        rx.fault = fault;
        if (fault) {
            rx.ending.cancel();
            rx.amp(Amplifier.State.FAULT, "fault input active");
            if (rx.onAir != null) {
                rx.arbiter.onEnded(rx.onAir, new ItemResult.Failed("amplifier fault: fault input active"), rx.timing(Duration.ZERO));
                rx.onAir = null;
            }
        } else {
            rx.amp(Amplifier.State.OFF, "fault cleared");
        }
        return ActionResult.done("");
    }

    @Override public ActionResult disk(String receiver, boolean full) {
        calls.add("disk " + full + " " + receiver);
        return ActionResult.done("");
    }

    @Override public ActionResult volume(String receiver, int volume) {
        calls.add("volume " + volume + " " + receiver);
        return ActionResult.done("volume " + volume);
    }

    @Override public ActionResult update(String receiver, boolean broken) {
        calls.add("update " + receiver + (broken ? " --broken" : ""));
        return ActionResult.refused("no update service in the fake");
    }

    @Override public DiagnoseReport diagnose(String receiver) {
        calls.add("diagnose " + receiver);
        Rx rx = receivers.get(receiver);
        CheckResult amp = rx.fault ? CheckResult.fail("fault input active", "amplifier overheated or shorted", "check the fan")
                : CheckResult.pass("relay cycles, fault input quiet");
        return new DiagnoseReport(clock.now(), List.of(new DiagnoseReport.Entry("amplifier", amp, Duration.ofMillis(5))));
    }

    @Override public void close() {
        closed = true;
    }

    static ScenarioStation.Factory factory(ManualScheduler clock, List<FakeStation> opened) {
        return (scenario, bulletins, dataDir, recorder, clk) -> {
            FakeStation f = new FakeStation(clock, scenario, bulletins, recorder);
            opened.add(f);
            return f;
        };
    }

}
