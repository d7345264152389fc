package vn.loa.agent.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * A test amplifier on the given scheduler: OFF → WARMING → ON after the warm-up, HOLD on release (OFF after
 * the hold), FAULT on {@link #fault}. Records every transition.
 */
public final class FakeAmplifier implements Amplifier {

    private final Scheduler loop;
    private final Duration warmUp;
    private final Duration hold;
    private final List<Listener> listeners = new ArrayList<>();
    public final List<String> transitions = new ArrayList<>();
    private State state = State.OFF;
    private Cancellable pending = Cancellable.NONE;
    public int demands;
    /** When set, the next demand goes straight to FAULT (listeners called from inside demand()). */
    public String faultOnDemand;

    public FakeAmplifier(Scheduler loop, Duration warmUp, Duration hold) {
        this.loop = loop;
        this.warmUp = warmUp;
        this.hold = hold;
    }

    @Override public String zone() { return "main"; }

    @Override public State state() { return state; }

    @Override public void demand(boolean emergency) {
        demands++;
        if (faultOnDemand != null) {
            go(State.FAULT, faultOnDemand);
            return;
        }
        switch (state) {
            case OFF -> {
                go(State.WARMING, "demanded");
                pending = loop.schedule(warmUp, () -> go(State.ON, "warm-up " + warmUp.toMillis() + " ms elapsed"));
            }
            case HOLD -> {
                pending.cancel();
                go(State.ON, "demanded while held");
            }
            default -> { }
        }
    }

    @Override public void release() {
        if (state == State.ON || state == State.WARMING) {
            pending.cancel();
            go(State.HOLD, "released");
            pending = loop.schedule(hold, () -> go(State.OFF, "hold elapsed"));
        }
    }

    @Override public void forceOff(String reason) {
        pending.cancel();
        if (state != State.OFF) go(State.OFF, reason);
    }

    public void fault(String reason) {
        pending.cancel();
        go(State.FAULT, reason);
    }

    @Override public void addListener(Listener l) {
        listeners.add(l);
    }

    private void go(State to, String reason) {
        State from = state;
        state = to;
        transitions.add(from + "->" + to);
        for (Listener l : List.copyOf(listeners)) l.onTransition(this, from, to, reason);
    }
}
