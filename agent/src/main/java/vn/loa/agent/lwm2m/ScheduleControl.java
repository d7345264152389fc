package vn.loa.agent.lwm2m;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import vn.loa.agent.broadcast.BroadcastItem;

/**
 * The station's persisted schedule as the management plane sees it (Object 33001 items with a recurrence or a start
 * time ahead): put an entry, remove it. Implemented over the schedule runner; entries survive restarts and power
 * cuts and play without the network.
 *
 * <p>Thread contract: called from a protocol thread; implementations hand over to the control loop and wait for the
 * outcome (bounded), since the answer goes back to the headend.
 */
public interface ScheduleControl {

    /** When an entry plays. */
    sealed interface When {
        /** Once, at this instant. */
        record Once(Instant at) implements When {
            public Once {
                Objects.requireNonNull(at, "at");
            }
        }

        /** On these days at these local times, from / until these local dates (either may be null: open). */
        record Weekly(Set<DayOfWeek> days, List<LocalTime> times, LocalDate from, LocalDate until) implements When {
            public Weekly {
                if (days == null || days.isEmpty()) throw new IllegalArgumentException("no day of the week");
                if (times == null || times.isEmpty()) throw new IllegalArgumentException("no time of day");
                days = Set.copyOf(days);
                times = List.copyOf(times);
            }
        }
    }

    /**
     * A stored copy of the content to play when the item's stream is down at slot time: fetched from {@code from}
     * ahead of time, verified against {@code sha256} and kept pinned while the entry exists.
     */
    record StoredFallback(String sha256, URI from) {
        public StoredFallback {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * Stores {@code item} (its id is the entry id) to play {@code when}, with {@code fallback} ({@code null}: none);
     * empty when applied, else the refusal reason.
     */
    Optional<String> put(BroadcastItem item, When when, StoredFallback fallback, boolean pinned, String who);

    /** Removes the entry {@code itemId}; empty when removed, else the reason (e.g. no such entry). */
    Optional<String> remove(String itemId, String who);
}
