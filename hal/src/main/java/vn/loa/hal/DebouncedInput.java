package vn.loa.hal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * A {@link BinaryInput} fed with raw logical levels from any source (a GPIO driver's event thread, a test).
 * A new level is accepted only once the raw signal has stayed at it for the debounce time, measured on the
 * scheduler's monotonic clock; a bounce back within that time cancels the change and is never reported.
 *
 * <p>Threading: {@link #rawChanged(boolean)} may be called from any thread; it hands the level to the control
 * loop, where all state lives. Each accepted change is logged once (tag {@code io}) and then given to the
 * listeners, in registration order, on the loop.
 */
public final class DebouncedInput implements BinaryInput {

    private final String role;
    private final long debounceNanos;
    private final Scheduler scheduler;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stable;
    private boolean raw;
    private long lastRawChangeNanos;
    private Cancellable settle = null;
    private int bounces;

    /** {@code initiallyActive} is the level read when the pin was opened; it is taken as settled. */
    public DebouncedInput(String role, Duration debounce, boolean initiallyActive, Scheduler scheduler) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException(role + ": debounce must not be negative but was " + debounce);
        }
        this.role = role;
        this.debounceNanos = debounce.toNanos();
        this.scheduler = scheduler;
        this.stable = initiallyActive;
        this.raw = initiallyActive;
    }

    @Override public String role() { return role; }

    @Override public boolean active() { return stable; }

    @Override public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** A raw logical level was seen; may be called from any thread, repeated levels are harmless. */
    public void rawChanged(boolean active) {
        scheduler.execute(() -> onRaw(active));
    }

    private void onRaw(boolean active) {
        if (active == raw) return;
        raw = active;
        lastRawChangeNanos = scheduler.clock().monotonicNanos();
        if (settle != null) {
            bounces++;
            return;
        }
        settle = scheduler.schedule(Duration.ofNanos(debounceNanos), this::settle);
    }

    private void settle() {
        long quiet = scheduler.clock().monotonicNanos() - lastRawChangeNanos;
        if (quiet < debounceNanos) {
            settle = scheduler.schedule(Duration.ofNanos(debounceNanos - quiet), this::settle);
            return;
        }
        settle = null;
        int seen = bounces;
        bounces = 0;
        if (raw == stable) {
            Logger.tag("io").debug("{} bounced {} time(s) and stayed {}", role, seen + 1, word(stable));
            return;
        }
        boolean from = stable;
        stable = raw;
        Logger.tag("io").info("{} {} -> {} (stable for {} ms{})", role, word(from), word(stable),
                debounceNanos / 1_000_000, seen == 0 ? "" : ", " + seen + " bounce(s) ignored");
        for (Listener l : listeners) {
            l.onChange(this, stable);
        }
    }

    private static String word(boolean active) {
        return active ? "active" : "inactive";
    }

    @Override public String toString() {
        return role + "=" + word(stable);
    }
}
