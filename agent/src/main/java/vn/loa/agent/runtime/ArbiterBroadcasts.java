package vn.loa.agent.runtime;

import java.time.Instant;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.lwm2m.BroadcastControl;

/**
 * The station's arbiter as the management plane sees it (Object 33001): submissions go through the play gate, so a
 * refusal comes back as the item's result ({@code refused: REASON}); item transitions map to
 * {@link BroadcastControl.ItemState}. Thread contract as {@link BroadcastControl}: submit and stop return at once.
 */
final class ArbiterBroadcasts implements BroadcastControl {

    private final GatedArbiter arbiter;

    ArbiterBroadcasts(GatedArbiter arbiter) {
        this.arbiter = arbiter;
    }

    @Override public void submit(BroadcastItem item) {
        arbiter.submit(item);
    }

    @Override public void stop(String itemId, String by) {
        arbiter.stop(itemId, by);
    }

    @Override public void addItemListener(ItemListener l) {
        arbiter.addListener(new ArbiterListener() {
            @Override public void onQueued(BroadcastItem i) {
                l.onState(i.id(), ItemState.QUEUED);
            }

            @Override public void onStarted(BroadcastItem i, Instant at) {
                l.onState(i.id(), ItemState.PLAYING);
            }

            @Override public void onInterrupted(BroadcastItem i, String byItemId) {
                l.onState(i.id(), ItemState.SUSPENDED);
            }

            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                l.onResult(i.id(), r);
            }
        });
    }
}
