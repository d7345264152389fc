package vn.loa.agent.broadcast;

/**
 * How an item's airing ended. A value, not an exception: every item ends in exactly one of these, and the
 * play log and the headend see it.
 */
public sealed interface ItemResult {

    /** Played to its end (all repeats), or to its max duration. */
    record Completed() implements ItemResult { }

    /** Cut off by a higher level and dropped per its policy. */
    record Preempted(String byItemId) implements ItemResult { }

    /** Stopped on request (headend Stop, console, shutdown). */
    record Stopped(String by) implements ItemResult { }

    /** Refused before airing or before resuming (quiet hours, bad signature, untrusted clock, power policy, its
     * not-after passed). */
    record Refused(String reason) implements ItemResult { }

    /**
     * Could not be played or broke off: source dead, decode failure, amplifier fault; or played while the sound
     * card was gone for more than {@link Arbiter#SOUND_CARD_GONE_FRACTION} of its airtime
     * ({@code sound card gone: 12.0 s of 30.0 s on air not heard (...)}).
     */
    record Failed(String reason) implements ItemResult { }

    /** One word for logs and LwM2M: completed, preempted, stopped, refused, failed. */
    default String code() {
        return switch (this) {
            case Completed c -> "completed";
            case Preempted p -> "preempted";
            case Stopped s -> "stopped";
            case Refused r -> "refused";
            case Failed f -> "failed";
        };
    }

    /** The code with its detail, e.g. {@code failed: amplifier fault}. */
    default String describe() {
        return switch (this) {
            case Completed c -> "completed";
            case Preempted p -> "preempted by " + p.byItemId();
            case Stopped s -> "stopped by " + s.by();
            case Refused r -> "refused: " + r.reason();
            case Failed f -> "failed: " + f.reason();
        };
    }
}
