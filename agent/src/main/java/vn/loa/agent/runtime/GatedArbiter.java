package vn.loa.agent.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.schedule.Admission;
import vn.loa.agent.schedule.PowerPolicy;
import vn.loa.hal.time.Scheduler;

/**
 * The arbiter behind the station's play gate: an item sent to play now is first admitted by the gate (power policy,
 * quiet hours) on the control loop, then handed to the arbiter; a refused item never reaches the arbiter and ends at
 * once with {@link ItemResult.Refused} (its reason as the gate gave it, already audited by the gate).
 *
 * <p>The same gate is the arbiter's {@link Arbiter.StartGuard}: it is asked again each time an item is about to start
 * or resume (a 21:50 bulletin preempted by a 20-minute emergency does not resume at 22:10; one queued behind a long
 * item does not start after 22:00), and such a refusal is audited by the gate as well.
 *
 * <p>Listeners added here hear the arbiter's transitions and the gate's refusals alike, so every submitted item ends
 * exactly once for them ({@link ArbiterListener#onEnded}). Items the schedule hands over have passed the same rules
 * already and go to {@link #submitAdmitted}. Any thread; listeners are called on the control loop.
 */
final class GatedArbiter {

    private final Scheduler loop;
    private final Arbiter arbiter;
    private final Function<BroadcastItem, Admission> gate;
    private final List<ArbiterListener> listeners = new CopyOnWriteArrayList<>();

    /** @param gate called on the loop; {@code item -> Admission.ADMITTED} lets everything through */
    GatedArbiter(Scheduler loop, Arbiter arbiter, Function<BroadcastItem, Admission> gate) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
        this.gate = Objects.requireNonNull(gate, "gate");
        arbiter.guardStarts(item -> gate.apply(item) instanceof Admission.Refused r ? Optional.of(r.reason()) : Optional.empty());
    }

    /** Admits {@code item} on the loop and hands it to the arbiter, or ends it refused. */
    void submit(BroadcastItem item) {
        loop.execute(() -> {
            Admission a;
            try {
                a = gate.apply(item);
            } catch (RuntimeException e) {
                Logger.tag("station").error(e, "play gate failed for {}; refusing it", item.id());
                a = new Admission.Refused("play gate failed: " + e);
            }
            if (a instanceof Admission.Refused r) {
                Logger.tag("station").info("{} {} from {} refused: {}", item.level().lower(), item.id(), item.origin(), r.reason());
                Instant now = loop.clock().now();
                ItemTiming t = new ItemTiming(now, Optional.empty(), now, Duration.ZERO, 0, 0, 0);
                for (ArbiterListener l : listeners) {
                    try {
                        l.onEnded(item, r.asResult(), t);
                    } catch (RuntimeException e) {
                        Logger.tag("station").error(e, "item listener failed; the others still hear");
                    }
                }
                return;
            }
            arbiter.submit(item);
        });
    }

    /** For items that already passed the station's rules (the schedule's occurrences). */
    void submitAdmitted(BroadcastItem item) {
        arbiter.submit(item);
    }

    void stop(String itemId, String by) {
        arbiter.stop(itemId, by);
    }

    /**
     * On mains loss, stops the item on air if {@code power} no longer lets its level play, whoever sent it (headend,
     * console, schedule); queued ones are refused by the start guard when their turn comes, or play if mains is back.
     */
    void followPower(PowerPolicy power) {
        power.addListener(onMains -> {
            if (onMains) return;
            arbiter.stopCurrentIf(item -> power.refused(item.level()),
                    "mains power lost; " + skippedLevels(power) + " items are skipped on battery");
        });
    }

    private static String skippedLevels(PowerPolicy power) {
        return power.refused(vn.loa.agent.broadcast.Level.NORMAL) ? "background and normal" : "background";
    }

    /** Hears the arbiter's transitions and the gate's refusals. */
    void addListener(ArbiterListener l) {
        listeners.add(Objects.requireNonNull(l));
        arbiter.addListener(l);
    }
}
