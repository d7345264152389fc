package vn.loa.agent.lwm2m;

import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;

/**
 * The arbiter as the management plane sees it (Object 33001): submit an item, stop one, and hear what becomes of
 * items. Implemented by the broadcast arbiter.
 *
 * <p>Thread contract: {@link #submit} and {@link #stop} may be called from a protocol thread; they hand over to the
 * control loop and return at once. Every submitted item ends in exactly one {@link ItemResult} reported to the
 * listeners (a refusal too). Listener callbacks come from the control loop and must not block.
 */
public interface BroadcastControl {

    /** Where a submitted item is; reported as its lower-case name. */
    enum ItemState { QUEUED, PLAYING, SUSPENDED, ENDED }

    /** Hears item transitions. */
    interface ItemListener {
        /** The item moved to {@code state} (not called for ENDED: {@link #onResult} is). */
        void onState(String itemId, ItemState state);

        /** The item ended; called once per item. */
        void onResult(String itemId, ItemResult result);
    }

    void submit(BroadcastItem item);

    /** Stops the item if it is queued or playing; {@code by} names who asked (for the audit log). */
    void stop(String itemId, String by);

    void addItemListener(ItemListener listener);
}
