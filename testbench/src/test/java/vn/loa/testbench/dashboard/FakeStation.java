package vn.loa.testbench.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import vn.loa.agent.broadcast.Level;

/** A station of three receivers that carries out actions on its own view at once: stands in for the sim. */
final class FakeStation implements StationSource, Actions {

    final List<Action> performed = new CopyOnWriteArrayList<>();
    private final List<PlayLogEntry> log = new CopyOnWriteArrayList<>();
    private volatile List<ReceiverView> receivers;
    private int fired;

    FakeStation() {
        List<ReceiverView> rs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            rs.add(new ReceiverView("rx-" + i, "Ấp " + i + ", cột " + (10 + i), ReceiverView.Registration.REGISTERED,
                    "coaps://127.0.0.1:5684", "OFF", Optional.empty(), 70, 0.0, 0, true, false, false, true,
                    "clean", false, "1.0.0", 0.0));
        }
        receivers = List.copyOf(rs);
    }

    @Override public StationView snapshot() {
        return new StationView(Instant.parse("2026-01-05T01:00:00Z"), receivers, log);
    }

    @Override public synchronized ActionResult perform(Action action) {
        performed.add(action);
        return switch (action) {
            case Action.Fire f -> {
                String item = f.level().lower() + "-" + (++fired);
                update(f.target(), r -> new ReceiverView(r.id(), r.label(), r.registration(), r.registrationDetail(), "ON",
                        Optional.of(new Playing(item, "Test bulletin (" + f.level().lower() + ")", f.level())),
                        r.volume(), 0.8, r.underruns(), r.mainsPresent(), r.doorOpen(), r.amplifierFault(), r.networkUp(),
                        r.impairment(), r.diskFull(), r.version(), 0.6));
                for (ReceiverView r : receivers) {
                    if (matches(f.target(), r)) {
                        log.add(new PlayLogEntry(Instant.parse("2026-01-05T01:00:01Z"), r.id(), item,
                                "Test bulletin (" + f.level().lower() + ")", f.level(), "playing"));
                    }
                }
                yield ActionResult.done("fired " + item);
            }
            case Action.SetMains m -> {
                if (receivers.stream().noneMatch(r -> r.id().equals(m.receiverId()))) {
                    yield ActionResult.refused("no receiver '" + m.receiverId() + "'");
                }
                update(new Target.One(m.receiverId()), r -> new ReceiverView(r.id(), r.label(), r.registration(),
                        r.registrationDetail(), r.amplifier(), r.playing(), r.volume(), r.bufferFill(), r.underruns(),
                        m.present(), r.doorOpen(), r.amplifierFault(), r.networkUp(), r.impairment(), r.diskFull(), r.version(), r.meter()));
                yield ActionResult.done(action.describe());
            }
            default -> ActionResult.done(action.describe());
        };
    }

    private static boolean matches(Target t, ReceiverView r) {
        return switch (t) {
            case Target.All a -> true;
            case Target.One o -> o.receiverId().equals(r.id());
        };
    }

    private void update(Target t, UnaryOperator<ReceiverView> change) {
        receivers = receivers.stream().map(r -> matches(t, r) ? change.apply(r) : r).toList();
    }

    /** Whether a level is on air at a receiver now. */
    boolean airing(String id, Level level) {
        return receivers.stream().anyMatch(r -> r.id().equals(id) && r.playing().map(p -> p.level() == level).orElse(false));
    }
}
