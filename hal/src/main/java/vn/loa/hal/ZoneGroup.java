package vn.loa.hal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.tinylog.Logger;

/**
 * Every amplifier zone of a board driven as one: the station plays the same programme on all its speaker lines.
 * {@link #demand}, {@link #release} and {@link #forceOff} go to every zone; the group's state is derived so that
 * one bad amplifier never silences the others:
 * <ul>
 *   <li>{@link State#FAULT} only when every zone is faulted;</li>
 *   <li>otherwise, over the zones that are not faulted: {@link State#WARMING} while any is warming up or while some
 *       are ON and others OFF (a zone still waits to come up: audio waits for it, as for a single amplifier's
 *       warm-up); {@link State#ON} when all are ON; {@link State#OFF} when all are OFF; else {@link State#HOLD}
 *       (zones released one after the other pass through a mix of ON, HOLD and OFF, never a false WARMING).</li>
 * </ul>
 * A zone that faults while the others are ON leaves the group ON (and named in {@link #reason()}); a zone that
 * recovers joins again through its own warm-up.
 *
 * <p>Threading as {@link Amplifier}: the control loop only. Listeners hear the group's own transitions, with the
 * zone transition that caused them as the reason.
 */
public final class ZoneGroup implements Amplifier {

    private final List<Amplifier> zones;
    private final String name;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private State state;

    private ZoneGroup(List<Amplifier> zones) {
        this.zones = List.copyOf(zones);
        this.name = this.zones.stream().map(Amplifier::zone).collect(Collectors.joining("+"));
        this.state = derive();
        for (Amplifier z : this.zones) z.addListener(this::zoneChanged);
    }

    /**
     * The zones as one amplifier; a single zone is returned as it is.
     *
     * @throws IllegalArgumentException when {@code zones} is empty
     */
    public static Amplifier of(List<? extends Amplifier> zones) {
        Objects.requireNonNull(zones, "zones");
        if (zones.isEmpty()) throw new IllegalArgumentException("a zone group needs at least one amplifier zone");
        if (zones.size() == 1) return zones.get(0);
        return new ZoneGroup(new ArrayList<>(zones));
    }

    /** The zones in board-profile order. */
    public List<Amplifier> zones() {
        return zones;
    }

    @Override public String zone() {
        return name;
    }

    @Override public State state() {
        return state;
    }

    /** The group's state, and every zone that is not in it with its own reason. */
    @Override public String reason() {
        List<String> odd = new ArrayList<>();
        for (Amplifier z : zones) {
            if (z.state() != state) odd.add("zone " + z.zone() + " " + z.state() + ": " + z.reason());
        }
        return odd.isEmpty() ? state.name() : state + "; " + String.join("; ", odd);
    }

    /** The zones that are faulted now. */
    public List<Amplifier> faulted() {
        return zones.stream().filter(z -> z.state() == State.FAULT).toList();
    }

    @Override public void demand(boolean emergency) {
        for (Amplifier z : zones) z.demand(emergency);
    }

    @Override public void release() {
        for (Amplifier z : zones) z.release();
    }

    @Override public void forceOff(String reason) {
        for (Amplifier z : zones) z.forceOff(reason);
    }

    @Override public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void zoneChanged(Amplifier zone, State from, State to, String why) {
        State before = state;
        State after = derive();
        if (to == State.FAULT && after != State.FAULT) {
            Logger.tag("amp").warn("zone {} faulted ({}); zones {} carry on", zone.zone(), why,
                    zones.stream().filter(z -> z.state() != State.FAULT).map(Amplifier::zone).collect(Collectors.joining(", ")));
        }
        if (after == before) return;
        state = after;
        String reason = "zone " + zone.zone() + " " + from + " -> " + to + ": " + why;
        for (Listener l : listeners) l.onTransition(this, before, after, reason);
    }

    private State derive() {
        List<State> healthy = zones.stream().map(Amplifier::state).filter(s -> s != State.FAULT).toList();
        if (healthy.isEmpty()) return State.FAULT;
        if (healthy.contains(State.WARMING)) return State.WARMING;
        if (healthy.stream().allMatch(s -> s == State.ON)) return State.ON;
        if (healthy.stream().allMatch(s -> s == State.OFF)) return State.OFF;
        if (healthy.contains(State.ON) && healthy.contains(State.OFF)) return State.WARMING; // a zone waits to come up
        return State.HOLD; // zones releasing (or resuming) one after the other: ON/OFF with HOLD
    }
}
