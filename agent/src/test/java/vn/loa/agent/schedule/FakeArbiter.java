package vn.loa.agent.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayListener;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.ManualScheduler;

/**
 * A one-channel stand-in for the arbiter: a higher level preempts (the preempted item is dropped), equal or
 * lower levels queue by level then arrival; each item "plays" for {@code length(item)} of manual time, capped
 * by its maxDuration. Ends are reported to the listener as the real arbiter's listener would.
 */
final class FakeArbiter implements ItemSink {

    record Started(String itemId, Instant at, List<java.net.URI> sources) { }

    private final ManualScheduler time;
    private final Function<BroadcastItem, Duration> length;
    private PlayListener listener = e -> { };
    private final List<BroadcastItem> queue = new ArrayList<>();
    private final List<Started> started = new ArrayList<>();
    private final List<String> cancels = new ArrayList<>();
    private BroadcastItem playing;
    private Instant playingSince;
    private Cancellable end = Cancellable.NONE;

    FakeArbiter(ManualScheduler time, Function<BroadcastItem, Duration> length) {
        this.time = time;
        this.length = length;
    }

    void listener(PlayListener l) {
        this.listener = l;
    }

    List<Started> started() {
        return started;
    }

    List<String> startedIds() {
        return started.stream().map(Started::itemId).toList();
    }

    List<String> cancels() {
        return cancels;
    }

    BroadcastItem playing() {
        return playing;
    }

    @Override public void submit(BroadcastItem item) {
        if (playing != null && item.level().outranks(playing.level())) {
            finish(new ItemResult.Preempted(item.id()));
        }
        queue.add(item);
        queue.sort(Comparator.comparing(BroadcastItem::level).reversed());
        next();
    }

    @Override public void cancel(String itemId, String reason) {
        cancels.add(itemId + ": " + reason);
        if (playing != null && playing.id().equals(itemId)) {
            finish(new ItemResult.Stopped(reason));
            next();
            return;
        }
        for (BroadcastItem q : List.copyOf(queue)) {
            if (q.id().equals(itemId)) {
                queue.remove(q);
                listener.onPlayed(PlayEvent.notAired(itemId, q.level(), q.origin(), null, time.now(), new ItemResult.Stopped(reason)));
            }
        }
    }

    private void next() {
        if (playing != null || queue.isEmpty()) return;
        playing = queue.remove(0);
        playingSince = time.now();
        started.add(new Started(playing.id(), playingSince, playing.sources()));
        Duration d = length.apply(playing);
        if (playing.maxDuration() != null && playing.maxDuration().compareTo(d) < 0) d = playing.maxDuration();
        end = time.schedule(d, () -> {
            finish(new ItemResult.Completed());
            next();
        });
    }

    private void finish(ItemResult r) {
        end.cancel();
        BroadcastItem it = playing;
        playing = null;
        listener.onPlayed(new PlayEvent(it.id(), it.level(), it.origin(), null, playingSince, time.now(), r,
                it.sources().get(0).toString(), 0, "ON", it.volume().orElse(70)));
    }
}
