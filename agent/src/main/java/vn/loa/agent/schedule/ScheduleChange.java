package vn.loa.agent.schedule;

/** What a schedule change did. */
public sealed interface ScheduleChange {

    /** Stored durably and in force; the schedule is now at {@code version}. */
    record Applied(long version) implements ScheduleChange { }

    /** Not applied; the previous schedule stays. {@code reason} says why. */
    record Rejected(String reason) implements ScheduleChange { }
}
