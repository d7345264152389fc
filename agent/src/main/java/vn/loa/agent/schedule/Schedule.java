package vn.loa.agent.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The station's whole schedule: entries with unique ids, and a version that grows with every change. Immutable. */
public record Schedule(long version, List<ScheduleEntry> entries) {

    public static final Schedule EMPTY = new Schedule(0, List.of());

    public Schedule {
        if (version < 0) throw new IllegalArgumentException("schedule version " + version + " < 0");
        entries = List.copyOf(entries);
        Set<String> ids = new HashSet<>();
        for (ScheduleEntry e : entries) {
            if (!ids.add(e.id())) throw new IllegalArgumentException("schedule has entry id '" + e.id() + "' twice");
        }
    }

    public Optional<ScheduleEntry> entry(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** This schedule with {@code e} added or replacing the entry of the same id, at the next version. */
    public Schedule with(ScheduleEntry e) {
        List<ScheduleEntry> l = new ArrayList<>();
        boolean replaced = false;
        for (ScheduleEntry x : entries) {
            if (x.id().equals(e.id())) {
                l.add(e);
                replaced = true;
            } else {
                l.add(x);
            }
        }
        if (!replaced) l.add(e);
        return new Schedule(version + 1, l);
    }

    /** This schedule without entry {@code id}, at the next version. */
    public Schedule without(String id) {
        return new Schedule(version + 1, entries.stream().filter(e -> !e.id().equals(id)).toList());
    }
}
