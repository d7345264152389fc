package vn.loa.agent.schedule;

import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.store.ContentCache;

/**
 * One entry of the station's schedule: what to play ({@code item}, a template whose id is the entry id) and
 * when ({@code recurrence}). Immutable.
 *
 * <p>Each occurrence is handed over as a copy of {@code item} with id {@code ENTRY@yyyy-MM-ddTHH:mm} (local
 * time), origin {@code schedule:SETBY}, and sources: {@code cache:SHA256} of the stored bulletin when the item
 * has a {@code sha256} (stored content is never streamed at slot time), else the item's own sources, followed
 * by {@code cache:FALLBACK} when a {@link Fallback} is set and stored: the player tries sources in order, so
 * the stored fallback plays when the stream is down at slot time.
 *
 * <p>The item's {@link BroadcastItem#notAfter()} (the headend's End Time, an emergency's signed not-after) ends the
 * entry: no occurrence at or after it ({@link #nextAfter}), and every occurrence carries it, so the arbiter does not
 * start one late past it and cuts one on air there. Its {@link BroadcastItem#maxDuration()} caps each occurrence.
 *
 * @param pinned its content (and fallback) is never evicted from the cache; emergency entries always are pinned
 * @param setBy  who set it (server short id, {@code cli}); for the audit log
 * @param setAt  when it was set (station time), or {@code null} if unknown
 */
public record ScheduleEntry(String id, Recurrence recurrence, BroadcastItem item, Fallback fallback,
                           boolean pinned, String setBy, Instant setAt) {

    /**
     * A stored copy to play when the item's stream is down: the content with hash {@code sha256}, prefetched
     * from {@code from} while the entry exists (and pinned), played as source {@code cache:SHA256}.
     */
    public record Fallback(String sha256, URI from) {
        public Fallback {
            Objects.requireNonNull(from, "from");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("fallback sha256 '" + sha256 + "' is not 64 lower-case hex digits");
            }
        }
    }

    public ScheduleEntry {
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(item, "item");
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("entry id '" + id + "' must be 1..64 of A-Z a-z 0-9 . _ -");
        }
        if (!item.id().equals(id)) throw new IllegalArgumentException("entry " + id + " has an item with id " + item.id());
        if (setBy == null || setBy.isBlank()) setBy = "unknown";
    }

    /** The item to hand over for the occurrence {@code itemId}, with the given sources (see the class comment). */
    public BroadcastItem occurrence(String itemId, List<URI> sources) {
        return new BroadcastItem(itemId, item.level(), sources, item.sha256(), item.repeat(), item.maxDuration(),
                item.notAfter(), item.volume(), item.onPreempt(), item.allowNight(), "schedule:" + setBy);
    }

    /**
     * The first occurrence strictly after {@code after}, or empty when none is left: the recurrence's, unless it is
     * at or after the item's not-after.
     */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        Instant notAfter = item.notAfter();
        return recurrence.nextAfter(after).filter(z -> notAfter == null || z.toInstant().isBefore(notAfter));
    }

    /** The sources of an occurrence when the stored content and fallback are as given. */
    List<URI> occurrenceSources(boolean fallbackStored) {
        List<URI> out = new ArrayList<>();
        if (item.sha256() != null) out.add(ContentCache.uriOf(item.sha256()));
        else out.addAll(item.sources());
        if (fallback != null && fallbackStored) {
            URI f = ContentCache.uriOf(fallback.sha256());
            if (!out.contains(f)) out.add(f);
        }
        return out;
    }

    /** One line for the audit log. */
    public String describe() {
        return id + " (" + item.level().lower() + ", " + recurrenceText() + ", sources " + item.sources()
                + (item.maxDuration() != null ? ", max " + item.maxDuration().toSeconds() + " s" : "")
                + (item.notAfter() != null ? ", not after " + item.notAfter() : "")
                + (fallback != null ? ", fallback " + fallback.sha256() + " from " + fallback.from() : "")
                + (item.allowNight() ? ", allowNight" : "") + ")";
    }

    private String recurrenceText() {
        return switch (recurrence) {
            case Recurrence.Once o -> "once at " + o.at();
            case Recurrence.Weekly w -> "weekly " + w.days() + " at " + w.times()
                    + (w.validFrom() != null ? " from " + w.validFrom() : "") + (w.validUntil() != null ? " until " + w.validUntil() : "");
        };
    }
}
