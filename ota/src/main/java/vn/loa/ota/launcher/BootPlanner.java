package vn.loa.ota.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which slot to boot from the launcher state and the slots on disk, finishing any half-done
 * transition first: a rollback that was recorded but not applied, a trial whose switch never happened, a
 * trial that was started too often without committing, a committed slot that became unbootable. Every change
 * goes through {@link FileOps} in the order that keeps the device bootable at each step:
 * the reason is recorded before {@code current} moves, and state is the truth when they disagree.
 *
 * <p>Not thread-safe; the launcher calls it from its one thread.
 */
public final class BootPlanner {

    private final SlotLayout layout;
    private final FileOps fs;
    private final int maxTrialBoots;
    private final Supplier<String> wallTime;

    /** {@code wallTime} gives the ISO-8601 time recorded with a rollback. */
    public BootPlanner(SlotLayout layout, FileOps fs, int maxTrialBoots, Supplier<String> wallTime) {
        if (maxTrialBoots < 1) throw new IllegalArgumentException("maxTrialBoots " + maxTrialBoots + " must be at least 1");
        this.layout = layout;
        this.fs = fs;
        this.maxTrialBoots = maxTrialBoots;
        this.wallTime = wallTime;
    }

    public BootPlan plan() throws IOException {
        List<String> notes = new ArrayList<>();
        Optional<LauncherState> read;
        try {
            read = LauncherState.read(layout.stateFile());
        } catch (IOException e) {
            notes.add("state unreadable, starting from the slots on disk: " + e.getMessage());
            read = Optional.empty();
        }
        Optional<String> cur = layout.currentSlot();
        if (read.isEmpty()) return fresh(cur, notes);
        LauncherState st = read.get();

        if (st.status() == LauncherState.Status.ROLLBACK) {
            notes.add("finishing the rollback of " + st.trialVersion().orElse("?") + " recorded before a restart");
            st = finishRollback(st);
            cur = layout.currentSlot();
        }
        if (st.status() == LauncherState.Status.TRIAL) {
            String trial = st.trialSlot().orElseThrow();
            String version = st.trialVersion().orElse("?");
            LaunchSpec.SlotCheck check = LaunchSpec.check(layout.slot(trial));
            String reason = null;
            if (!cur.equals(Optional.of(trial))) {
                reason = "the switch to " + version + " was interrupted before the new slot started";
            } else if (check instanceof LaunchSpec.SlotCheck.Unbootable u) {
                reason = "slot " + trial + " with " + version + " cannot start: " + u.reason();
            } else if (st.trialBoots() >= maxTrialBoots) {
                reason = version + " was started " + st.trialBoots() + " time(s) without passing its trial"
                        + " (restart or power cut during the trial)";
            }
            if (reason != null) {
                notes.add("rollback: " + reason);
                st = rollback(st, reason);
                cur = layout.currentSlot();
            } else {
                st = st.bootedTrial();
                st.write(fs, layout.stateFile());
                return new BootPlan.Launch(trial, ((LaunchSpec.SlotCheck.Bootable) check).spec(), BootPlan.Mode.TRIAL, st, notes);
            }
        }
        return committed(st, cur, notes);
    }

    /** Records {@code reason}, points {@code current} back at the committed slot, and marks it committed. */
    public LauncherState rollback(LauncherState trial, String reason) throws IOException {
        LauncherState st = trial.rollingBack(reason, wallTime.get());
        st.write(fs, layout.stateFile());
        return finishRollback(st);
    }

    private LauncherState finishRollback(LauncherState st) throws IOException {
        fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(st.committedSlot()));
        LauncherState done = st.rolledBack();
        done.write(fs, layout.stateFile());
        return done;
    }

    /** Marks the trial slot committed: one atomic state write. */
    public LauncherState commit(LauncherState trial) throws IOException {
        LauncherState st = trial.commitTrial();
        st.write(fs, layout.stateFile());
        return st;
    }

    private BootPlan committed(LauncherState st, Optional<String> cur, List<String> notes) throws IOException {
        String slot = st.committedSlot();
        LaunchSpec.SlotCheck check = LaunchSpec.check(layout.slot(slot));
        if (check instanceof LaunchSpec.SlotCheck.Bootable b) {
            if (!cur.equals(Optional.of(slot))) {
                notes.add("current pointed at " + cur.orElse("nothing") + "; the committed slot is " + slot);
                fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(slot));
            }
            return new BootPlan.Launch(slot, b.spec(), BootPlan.Mode.COMMITTED, st, notes);
        }
        String why = ((LaunchSpec.SlotCheck.Unbootable) check).reason();
        String other = SlotLayout.other(slot);
        if (LaunchSpec.check(layout.slot(other)) instanceof LaunchSpec.SlotCheck.Bootable b) {
            notes.add("committed slot " + slot + " cannot start (" + why + "); falling back to slot " + other);
            fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(other));
            LauncherState now = LauncherState.committed(other, b.spec().version());
            now.write(fs, layout.stateFile());
            return new BootPlan.Launch(other, b.spec(), BootPlan.Mode.COMMITTED, now, notes);
        }
        return new BootPlan.NoBootableSlot("no slot can start: " + why + "; slot " + other + ": "
                + ((LaunchSpec.SlotCheck.Unbootable) LaunchSpec.check(layout.slot(other))).reason(), notes);
    }

    private BootPlan fresh(Optional<String> cur, List<String> notes) throws IOException {
        List<String> order = new ArrayList<>();
        cur.ifPresent(order::add);
        for (String s : SlotLayout.SLOTS) if (!order.contains(s)) order.add(s);
        List<String> why = new ArrayList<>();
        for (String s : order) {
            LaunchSpec.SlotCheck c = LaunchSpec.check(layout.slot(s));
            if (c instanceof LaunchSpec.SlotCheck.Bootable b) {
                if (!cur.equals(Optional.of(s))) fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(s));
                LauncherState st = LauncherState.committed(s, b.spec().version());
                st.write(fs, layout.stateFile());
                notes.add("no launcher state yet; slot " + s + " (" + b.spec().version() + ") taken as committed");
                return new BootPlan.Launch(s, b.spec(), BootPlan.Mode.COMMITTED, st, notes);
            }
            why.add("slot " + s + ": " + ((LaunchSpec.SlotCheck.Unbootable) c).reason());
        }
        return new BootPlan.NoBootableSlot("no slot can start: " + String.join("; ", why), notes);
    }
}
