package vn.loa.agent.schedule;

import vn.loa.agent.broadcast.BroadcastItem;

/**
 * Where the schedule hands its due items: the arbiter. Both methods are called on the control loop and must
 * not block. Every submitted item must later be reported ended exactly once through
 * {@link ScheduleRunner#onPlayed} (completed, preempted, stopped, refused or failed), or the schedule treats its
 * entry as still on air and skips that entry's next occurrences.
 */
public interface ItemSink {

    /** Queue or play {@code item} per its level. */
    void submit(BroadcastItem item);

    /** Stop {@code itemId} if it is queued or playing (its end is reported as stopped); unknown ids are ignored. */
    void cancel(String itemId, String reason);
}
