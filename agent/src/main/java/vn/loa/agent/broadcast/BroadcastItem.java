package vn.loa.agent.broadcast;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One thing to air: what (sources tried in order: primary, then failovers, then a stored fallback), how loud,
 * how often, how long at most, and what to do when a higher level interrupts it. Immutable.
 *
 * @param id           unique per station, chosen by whoever submits it (headend instance id, schedule id)
 * @param sources      at least one URI: {@code http(s)://} stream, {@code file:} path, or {@code cache:SHA256}
 * @param sha256       expected hash of stored content, or {@code null} for a live stream
 * @param repeat       how many times to play it in all (1 = once)
 * @param maxDuration  a hard cap on airtime for the whole item (all repeats), or {@code null} for none
 * @param notAfter     a wall-clock deadline, or {@code null} for none: the arbiter does not start the item at or
 *                     after it (result {@code Refused}) and cuts it there while it plays (result {@code Completed});
 *                     a headend's End Time, the signed not-after of an emergency
 * @param volume       volume override 0..100 for this item, or empty for the master volume
 * @param onPreempt    what happens when a higher level takes over
 * @param allowNight   may play inside quiet hours (emergency always may)
 * @param origin       who asked: a server short id, {@code "schedule"}, {@code "cli"}, ... (for the audit log)
 */
public record BroadcastItem(String id, Level level, List<URI> sources, String sha256, int repeat,
                            Duration maxDuration, Instant notAfter, OptionalInt volume, PreemptPolicy onPreempt,
                            boolean allowNight, String origin) {

    /** What a preempted item does once the higher level is done. */
    public enum PreemptPolicy {
        /** Start again from its beginning (stored content) or reconnect (streams). */
        RESUME,
        /** Dropped: its result is PREEMPTED. */
        DROP
    }

    public BroadcastItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(onPreempt, "onPreempt");
        Objects.requireNonNull(volume, "volume");
        if (id.isBlank()) throw new IllegalArgumentException("item id must not be blank");
        if (sources == null || sources.isEmpty()) throw new IllegalArgumentException("item " + id + " has no source");
        sources = List.copyOf(sources);
        if (repeat < 1 || repeat > 100) throw new IllegalArgumentException("item " + id + ": repeat " + repeat + " outside 1..100");
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("item " + id + ": maxDuration must be positive but was " + maxDuration);
        }
        if (volume.isPresent() && (volume.getAsInt() < 0 || volume.getAsInt() > 100)) {
            throw new IllegalArgumentException("item " + id + ": volume " + volume.getAsInt() + " outside 0..100");
        }
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("item " + id + ": sha256 must be 64 lower-case hex digits");
        }
        if (origin == null) origin = "unknown";
    }

    public static Builder builder(String id, Level level) {
        return new Builder(id, level);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, level);
        b.sources.addAll(sources);
        b.sha256 = sha256;
        b.repeat = repeat;
        b.maxDuration = maxDuration;
        b.notAfter = notAfter;
        b.volume = volume;
        b.onPreempt = onPreempt;
        b.allowNight = allowNight;
        b.origin = origin;
        return b;
    }

    /** Defaults: repeat 1, no duration cap, no deadline, master volume, RESUME for NORMAL/BACKGROUND and DROP above, origin "unknown". */
    public static final class Builder {
        private final String id;
        private final Level level;
        private final List<URI> sources = new ArrayList<>();
        private String sha256;
        private int repeat = 1;
        private Duration maxDuration;
        private Instant notAfter;
        private OptionalInt volume = OptionalInt.empty();
        private PreemptPolicy onPreempt;
        private boolean allowNight;
        private String origin = "unknown";

        private Builder(String id, Level level) {
            this.id = id;
            this.level = level;
        }

        public Builder source(URI uri) { sources.add(uri); return this; }
        public Builder source(String uri) { return source(URI.create(uri)); }
        public Builder sources(List<URI> uris) { sources.clear(); sources.addAll(uris); return this; }
        public Builder sha256(String hex) { this.sha256 = hex; return this; }
        public Builder repeat(int n) { this.repeat = n; return this; }
        public Builder maxDuration(Duration d) { this.maxDuration = d; return this; }
        public Builder notAfter(Instant t) { this.notAfter = t; return this; }
        public Builder volume(int v) { this.volume = OptionalInt.of(v); return this; }
        public Builder onPreempt(PreemptPolicy p) { this.onPreempt = p; return this; }
        public Builder allowNight(boolean b) { this.allowNight = b; return this; }
        public Builder origin(String o) { this.origin = o; return this; }

        public BroadcastItem build() {
            PreemptPolicy p = onPreempt != null ? onPreempt
                    : (level == Level.NORMAL || level == Level.BACKGROUND ? PreemptPolicy.RESUME : PreemptPolicy.DROP);
            return new BroadcastItem(id, level, sources, sha256, repeat, maxDuration, notAfter, volume, p, allowNight, origin);
        }
    }
}
