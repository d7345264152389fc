package vn.loa.agent.broadcast;

import java.util.Locale;

/**
 * Broadcast levels of Thông tư 39/2020/TT-BTTTT plus a background level for relayed programmes, lowest first.
 * A higher level preempts a lower one; equal levels queue.
 */
public enum Level {
    /** A relayed programme or filler; played only when nothing else is. */
    BACKGROUND,
    /** Played on the commune's schedule. */
    NORMAL,
    /** Inserted ahead of the schedule. */
    PRIORITY,
    /** Storm, flood, epidemic, fire: at once, interrupting everything, at no less than the emergency volume. */
    EMERGENCY;

    public boolean outranks(Level other) {
        return compareTo(other) > 0;
    }

    /** Parses "normal", "PRIORITY", ... ; the message of the exception lists the accepted words. */
    public static Level parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a level (background, normal, priority, emergency)");
        }
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
