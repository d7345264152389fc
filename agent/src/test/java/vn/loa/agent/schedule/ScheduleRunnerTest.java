package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditEntry;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayRecord;

class ScheduleRunnerTest {

    private static Duration minutes(int m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void a_week_of_a_daily_schedule_plays_every_occurrence_on_time_and_logs_it() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(5)).start();
        assertThat(s.runner.put(Station.daily("news", Level.NORMAL, "06:00", "17:30"), "srv1"))
                .isEqualTo(new ScheduleChange.Applied(1));
        s.time.advance(Duration.ofDays(7));
        assertThat(s.arbiter.startedIds()).hasSize(14).startsWith("news@2026-01-05T06:00", "news@2026-01-05T17:30")
                .endsWith("news@2026-01-11T17:30");
        List<PlayRecord> recs = s.records();
        assertThat(recs).hasSize(14).allSatisfy(r -> {
            assertThat(r.event().result()).isEqualTo(new ItemResult.Completed());
            assertThat(r.event().actualStart()).isEqualTo(r.event().scheduledStart());
            assertThat(r.event().origin()).isEqualTo("schedule:srv1");
        });
        assertThat(recs.get(0).event().scheduledStart()).isEqualTo(Station.local("2026-01-05T06:00"));
    }

    @Test
    void across_midnight_an_item_longer_than_its_slot_delays_the_next_entry_which_logs_both_times() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> i.id().startsWith("late") ? minutes(30) : minutes(5)).start();
        var mondays = java.util.EnumSet.of(java.time.DayOfWeek.MONDAY);
        var tuesdays = java.util.EnumSet.of(java.time.DayOfWeek.TUESDAY);
        s.runner.put(Station.entry("late", Level.NORMAL, new Recurrence.Weekly(mondays, List.of(java.time.LocalTime.of(23, 50)),
                null, null), b -> b.allowNight(true)), "srv1");
        s.runner.put(Station.entry("early", Level.NORMAL, new Recurrence.Weekly(tuesdays, List.of(java.time.LocalTime.of(0, 5)),
                null, null), b -> b.allowNight(true)), "srv1");
        s.runner.put(Station.entry("night", Level.NORMAL, new Recurrence.Weekly(tuesdays, List.of(java.time.LocalTime.of(0, 30)),
                null, null), b -> b.allowNight(true).maxDuration(minutes(2))), "srv1");
        s.advanceTo("2026-01-06T01:00");
        assertThat(s.arbiter.startedIds()).containsExactly("late@2026-01-05T23:50", "early@2026-01-06T00:05", "night@2026-01-06T00:30");
        PlayEvent early = s.records().get(1).event();
        assertThat(early.scheduledStart()).isEqualTo(Station.local("2026-01-06T00:05"));
        assertThat(early.actualStart()).isEqualTo(Station.local("2026-01-06T00:20"));
        PlayEvent night = s.records().get(2).event();
        assertThat(Duration.between(night.actualStart(), night.end())).as("max duration").isEqualTo(minutes(2));
    }

    @Test
    void an_entry_ends_at_its_not_after_and_each_occurrence_carries_it_to_the_arbiter() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(5)).start();
        java.time.Instant notAfter = Station.local("2026-01-07T06:00");
        ScheduleEntry e = Station.entry("storm", Level.EMERGENCY, new Recurrence.Weekly(java.util.EnumSet.allOf(java.time.DayOfWeek.class),
                List.of(java.time.LocalTime.of(6, 0)), null, null), b -> b.notAfter(notAfter).maxDuration(minutes(2)));
        s.runner.put(e, "srv1");
        s.advanceTo("2026-01-10T07:00");
        assertThat(s.arbiter.startedIds()).as("not at or after the not-after")
                .containsExactly("storm@2026-01-05T06:00", "storm@2026-01-06T06:00");
        assertThat(Station.ids(s.records())).as("nothing missed after it either")
                .containsExactly("storm@2026-01-05T06:00 completed", "storm@2026-01-06T06:00 completed");
        assertThat(s.records()).allSatisfy(r -> assertThat(Duration.between(r.event().actualStart(), r.event().end()))
                .as("max duration per occurrence").isEqualTo(minutes(2)));
        assertThat(s.runner.upcoming(3)).isEmpty();
        BroadcastItem occ = e.occurrence("storm@2026-01-06T06:00", e.item().sources());
        assertThat(occ.notAfter()).isEqualTo(notAfter);
        assertThat(occ.maxDuration()).isEqualTo(minutes(2));
    }

    @Test
    void entries_due_together_are_handed_over_highest_level_first() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(5)).start();
        s.runner.put(Station.daily("a-normal", Level.NORMAL, "06:00"), "srv1");
        s.runner.put(Station.daily("b-priority", Level.PRIORITY, "06:00"), "srv1");
        s.advanceTo("2026-01-05T07:00");
        assertThat(s.arbiter.startedIds()).containsExactly("b-priority@2026-01-05T06:00", "a-normal@2026-01-05T06:00");
        assertThat(Station.ids(s.records())).containsExactly("b-priority@2026-01-05T06:00 completed", "a-normal@2026-01-05T06:00 completed");
    }

    @Test
    void an_entry_still_on_air_skips_its_own_next_occurrence_with_the_reason() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(15)).start();
        s.runner.put(Station.daily("loop", Level.NORMAL, "06:00", "06:10", "06:20"), "srv1");
        s.advanceTo("2026-01-05T07:00");
        assertThat(Station.ids(s.records())).containsExactly(
                "loop@2026-01-05T06:10 refused: previous occurrence loop@2026-01-05T06:00 still on air",
                "loop@2026-01-05T06:00 completed",
                "loop@2026-01-05T06:20 completed");
        assertThat(s.auditEntries()).filteredOn(a -> a.action().equals("refused.on-air"))
                .extracting(a -> a.who() + " " + a.detail()).containsExactly("schedule:srv1 normal item loop@2026-01-05T06:10: "
                        + "previous occurrence loop@2026-01-05T06:00 still on air");
    }

    @Test
    void a_change_while_an_item_plays_lets_it_finish_and_a_removal_stops_it_both_audited() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(20)).start();
        s.runner.put(Station.daily("morning", Level.NORMAL, "06:00"), "srv1");
        s.advanceTo("2026-01-05T06:05");
        assertThat(s.arbiter.playing().id()).isEqualTo("morning@2026-01-05T06:00");
        ScheduleEntry changed = Station.entry("morning", Level.NORMAL, s.runner.schedule().entry("morning").orElseThrow().recurrence(),
                b -> b.sources(List.of(java.net.URI.create("http://headend.test/new.mp3"))));
        assertThat(s.runner.put(changed, "srv2")).isEqualTo(new ScheduleChange.Applied(2));
        s.advanceTo("2026-01-06T06:10");
        assertThat(s.arbiter.cancels()).isEmpty();
        assertThat(s.arbiter.started()).extracting(st -> st.sources().get(0).toString())
                .containsExactly("http://headend.test/morning.mp3", "http://headend.test/new.mp3");
        assertThat(s.runner.remove("morning", "srv3")).isEqualTo(new ScheduleChange.Applied(3));
        assertThat(s.arbiter.cancels()).containsExactly("morning@2026-01-06T06:00: schedule entry morning removed by srv3");
        assertThat(Station.ids(s.records())).containsExactly("morning@2026-01-05T06:00 completed",
                "morning@2026-01-06T06:00 stopped by schedule entry morning removed by srv3");
        assertThat(s.runner.remove("morning", "srv3")).isEqualTo(new ScheduleChange.Rejected("no schedule entry 'morning'"));
        assertThat(s.auditEntries()).extracting(AuditEntry::who, AuditEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("srv1", "schedule.add"),
                        org.assertj.core.groups.Tuple.tuple("srv2", "schedule.replace"),
                        org.assertj.core.groups.Tuple.tuple("srv3", "schedule.remove"));
        s.time.advance(Duration.ofDays(2));
        assertThat(s.arbiter.started()).hasSize(2);
    }

    @Test
    void at_0315_a_normal_item_is_refused_and_audited_and_an_emergency_plays() throws Exception {
        Station s = new Station(Station.local("2026-01-05T03:00"), i -> minutes(3)).start();
        s.runner.put(Station.once("misset", Level.NORMAL, "2026-01-05T03:15"), "srv9");
        s.runner.put(Station.once("storm", Level.EMERGENCY, "2026-01-05T03:15"), "srv1");
        s.advanceTo("2026-01-05T03:30");
        assertThat(s.arbiter.startedIds()).containsExactly("storm@2026-01-05T03:15");
        String reason = "quiet hours 22:00-05:00: normal item misset@2026-01-05T03:15 at 03:15 without allowNight";
        assertThat(Station.ids(s.records())).containsExactly("misset@2026-01-05T03:15 refused: " + reason,
                "storm@2026-01-05T03:15 completed");
        assertThat(s.auditEntries()).contains(
                new AuditEntry(Station.local("2026-01-05T03:15"), "schedule:srv9", "refused.quiet-hours", reason));
        assertThat(s.auditEntries().get(0).detail()).as("the change itself warns")
                .endsWith("warning: [03:15] inside quiet hours 22:00-05:00, those occurrences will be refused");
    }

    @Test
    void an_untrusted_clock_holds_scheduled_items_while_emergencies_play_and_releases_them_when_trusted() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(1));
        s.ntp.set(Optional.of(false));
        s.start();
        s.runner.put(Station.daily("news", Level.NORMAL, "06:00"), "srv1");
        s.runner.put(Station.daily("drill", Level.EMERGENCY, "06:00"), "srv1");
        s.runner.put(Station.daily("later", Level.NORMAL, "07:00"), "srv1");
        s.advanceTo("2026-01-05T06:04");
        assertThat(s.arbiter.startedIds()).containsExactly("drill@2026-01-05T06:00");
        s.ntp.set(Optional.of(true));
        s.advanceTo("2026-01-05T06:06");
        assertThat(s.arbiter.startedIds()).containsExactly("drill@2026-01-05T06:00", "news@2026-01-05T06:00");
        s.ntp.set(Optional.of(false));
        s.advanceTo("2026-01-05T07:30");
        s.ntp.set(Optional.of(true));
        s.advanceTo("2026-01-05T07:32");
        assertThat(s.arbiter.startedIds()).hasSize(2);
        assertThat(Station.ids(s.records())).last().asString()
                .isEqualTo("later@2026-01-05T07:00 failed: missed: its slot passed 31 min ago (station not running, or clock not trusted then)");
    }

    @Test
    void on_battery_background_is_stopped_and_normal_skipped_per_config_then_everything_resumes() throws Exception {
        FakePower mains = new FakePower();
        Station s = new Station(Station.MONDAY_0500, i -> minutes(60));
        PowerPolicy policy = new PowerPolicy(new PowerConfig(true), mains, s.audit);
        s.start(b -> b.power(policy));
        s.runner.put(Station.daily("music", Level.BACKGROUND, "10:00"), "srv1");
        s.runner.put(Station.entry("news", Level.NORMAL, new Recurrence.Weekly(java.util.EnumSet.allOf(java.time.DayOfWeek.class),
                List.of(java.time.LocalTime.of(10, 30)), null, null), b -> b.maxDuration(minutes(5))), "srv1");
        s.runner.put(Station.entry("warn", Level.PRIORITY, new Recurrence.Weekly(java.util.EnumSet.allOf(java.time.DayOfWeek.class),
                List.of(java.time.LocalTime.of(10, 40)), null, null), b -> b.maxDuration(minutes(5))), "srv1");
        s.advanceTo("2026-01-05T10:10");
        mains.set(false);
        s.advanceTo("2026-01-05T11:00");
        mains.set(true);
        s.advanceTo("2026-01-06T11:00");
        assertThat(Station.ids(s.records())).containsExactly(
                "music@2026-01-05T10:00 stopped by mains power lost; background items are skipped on battery",
                "news@2026-01-05T10:30 refused: on battery (mains lost): background and normal items are skipped",
                "warn@2026-01-05T10:40 completed",
                "music@2026-01-06T10:00 preempted by news@2026-01-06T10:30",
                "news@2026-01-06T10:30 completed",
                "warn@2026-01-06T10:40 completed");
        assertThat(s.auditEntries()).extracting(AuditEntry::action).contains("power.mains-lost", "power.mains-back");
        assertThat(s.auditEntries()).filteredOn(a -> a.action().equals("refused.power")).extracting(AuditEntry::detail)
                .containsExactly("normal item news@2026-01-05T10:30: on battery (mains lost): background and normal items are skipped");
    }

    @Test
    void after_a_restart_a_slot_missed_by_minutes_plays_late_and_one_already_logged_does_not_replay() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(2)).start();
        s.runner.put(Station.daily("a", Level.NORMAL, "06:00"), "srv1");
        s.runner.put(Station.daily("b", Level.NORMAL, "06:07"), "srv1");
        s.advanceTo("2026-01-05T06:05");
        s.runner.stop();
        s.advanceTo("2026-01-05T06:10");
        Station restarted = new Station(s.time, s.disk, i -> minutes(2)).start();
        s.time.advance(minutes(3));
        assertThat(restarted.runner.schedule().entries()).extracting(ScheduleEntry::id).containsExactly("a", "b");
        assertThat(restarted.arbiter.startedIds()).containsExactly("b@2026-01-05T06:07");
        PlayRecord b = restarted.records().get(1);
        assertThat(b.event().scheduledStart()).isEqualTo(Station.local("2026-01-05T06:07"));
        assertThat(b.event().actualStart()).isEqualTo(Station.local("2026-01-05T06:10"));
    }

    @Test
    void items_not_from_the_schedule_pass_through_to_the_play_log_unchanged() throws Exception {
        Station s = new Station(Station.MONDAY_0500, i -> minutes(2)).start();
        BroadcastItem live = BroadcastItem.builder("live-1", Level.PRIORITY).source("http://headend.test/live").origin("srv1").build();
        s.arbiter.submit(live);
        s.time.advance(minutes(3));
        PlayEvent e = s.records().get(0).event();
        assertThat(e.itemId()).isEqualTo("live-1");
        assertThat(e.scheduledStart()).isNull();
    }

    @Test
    void a_play_record_the_disk_refused_is_written_by_the_next_tick() throws Exception {
        vn.loa.agent.store.SimulatedDisk disk = new vn.loa.agent.store.SimulatedDisk();
        Station s = new Station(new vn.loa.hal.time.ManualScheduler(Station.MONDAY_0500, vn.loa.hal.time.Clock.VIETNAM), disk,
                i -> minutes(5)).start();
        s.runner.put(Station.daily("morning", Level.NORMAL, "06:00"), "srv1");
        s.advanceTo("2026-01-05T06:04");
        disk.failOnceAt(0); // the play record's append at 06:05: a short write on a full disk
        s.advanceTo("2026-01-05T06:07"); // nothing else is appended: only the runner's tick can write it
        assertThat(s.playLog.heldCount()).isZero();
        assertThat(Station.ids(s.records())).containsExactly("morning@2026-01-05T06:00 completed");
        assertThat(s.playLog.unacknowledged(10)).extracting(vn.loa.agent.store.PlayRecord::seq).containsExactly(1L);
    }
}
