package vn.loa.agent.broadcast;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * The amplifier of a station that has no relay to switch: a powered speaker on the line out, or a
 * workstation running {@code ./loa play}. It follows the same states as a real one (OFF → WARMING → ON,
 * HOLD, OFF) with a configurable warm-up, so the arbiter's sequencing is exercised unchanged; it never
 * faults. Runs on the given control loop.
 */
public final class UncontrolledAmplifier implements Amplifier {

    private final Scheduler loop;
    private final Duration warmUp;
    private final Duration hold;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.OFF;
    private Cancellable pending = Cancellable.NONE;

    public UncontrolledAmplifier(Scheduler loop, Duration warmUp, Duration hold) {
        this.loop = loop;
        this.warmUp = warmUp;
        this.hold = hold;
    }

    @Override public String zone() {
        return "line-out";
    }

    @Override public State state() {
        return state;
    }

    @Override public void demand(boolean emergency) {
        if (state == State.OFF) {
            go(State.WARMING, "demanded");
            pending = loop.schedule(warmUp, () -> go(State.ON, "warm-up " + warmUp.toMillis() + " ms elapsed"));
        } else if (state == State.HOLD) {
            pending.cancel();
            go(State.ON, "demanded while held");
        }
    }

    @Override public void release() {
        if (state == State.ON || state == State.WARMING) {
            pending.cancel();
            go(State.HOLD, "released");
            pending = loop.schedule(hold, () -> go(State.OFF, "hold " + hold.toMillis() + " ms elapsed"));
        }
    }

    @Override public void forceOff(String reason) {
        pending.cancel();
        if (state != State.OFF) go(State.OFF, reason);
    }

    @Override public void addListener(Listener l) {
        listeners.add(l);
    }

    private void go(State to, String reason) {
        State from = state;
        state = to;
        Logger.tag("amp").info("{} {} -> {}: {}", zone(), from, to, reason);
        for (Listener l : listeners) l.onTransition(this, from, to, reason);
    }
}
