package vn.loa.agent.runtime;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.lwm2m.ScheduleControl;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleChange;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.agent.schedule.ScheduleRunner;
import vn.loa.hal.time.Scheduler;

/**
 * The headend's Broadcast Items with a recurrence or a start ahead as entries of the station's {@link ScheduleRunner}
 * (stored atomically, audited, played without the network). Protocol threads hand over to the control loop and wait
 * at most {@link #WAIT_SECONDS} for the outcome.
 */
final class RunnerScheduleControl implements ScheduleControl {

    static final long WAIT_SECONDS = 5;

    private final Scheduler loop;
    private final ScheduleRunner runner;
    private final ZoneId zone;
    private final vn.loa.agent.audio.SourceAllowList sources;
    private final vn.loa.agent.store.AuditLog audit;

    RunnerScheduleControl(Scheduler loop, ScheduleRunner runner, ZoneId zone) {
        this(loop, runner, zone, vn.loa.agent.audio.SourceAllowList.ANY, null);
    }

    /** Entries whose sources (or stored fallback) {@code sources} does not allow are refused, audited in {@code audit}. */
    RunnerScheduleControl(Scheduler loop, ScheduleRunner runner, ZoneId zone, vn.loa.agent.audio.SourceAllowList sources,
                          vn.loa.agent.store.AuditLog audit) {
        this.loop = loop;
        this.runner = runner;
        this.zone = zone;
        this.sources = sources;
        this.audit = audit;
    }

    @Override public Optional<String> put(BroadcastItem item, When when, StoredFallback fallback, boolean pinned,
                                          String who) {
        java.util.List<java.net.URI> all = new java.util.ArrayList<>(item.sources());
        if (fallback != null) all.add(fallback.from());
        Optional<String> refused = sources.refusal(all);
        if (refused.isPresent()) {
            String reason = "schedule entry " + item.id() + ": " + refused.get();
            if (audit != null) audit.record(who, "refused.source", reason);
            return Optional.of(reason);
        }
        Recurrence r = switch (when) {
            case When.Once o -> new Recurrence.Once(LocalDateTime.ofInstant(o.at(), zone));
            case When.Weekly w -> new Recurrence.Weekly(w.days(), w.times(), w.from(), w.until());
        };
        ScheduleEntry entry;
        try {
            entry = new ScheduleEntry(item.id(), r, item,
                    fallback == null ? null : new ScheduleEntry.Fallback(fallback.sha256(), fallback.from()), pinned, who, null);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return onLoop(() -> runner.put(entry, who));
    }

    @Override public Optional<String> remove(String itemId, String who) {
        return onLoop(() -> runner.remove(itemId, who));
    }

    private Optional<String> onLoop(Supplier<ScheduleChange> change) {
        CompletableFuture<ScheduleChange> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(change.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return switch (f.get(WAIT_SECONDS, TimeUnit.SECONDS)) {
                case ScheduleChange.Applied a -> Optional.empty();
                case ScheduleChange.Rejected r -> Optional.of(r.reason());
            };
        } catch (TimeoutException e) {
            return Optional.of("the station's control loop did not answer within " + WAIT_SECONDS + " s");
        } catch (ExecutionException e) {
            return Optional.of("the schedule could not be changed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
