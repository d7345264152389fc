package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.SimulatedDisk;
import vn.loa.hal.json.ConfigException;

class ScheduleStoreTest {

    private static final Path FILE = Path.of("/data/schedule.json");

    @Test
    void a_schedule_round_trips_through_its_json_form() throws Exception {
        ScheduleEntry full = new ScheduleEntry("morning", new Recurrence.Weekly(java.util.EnumSet.of(java.time.DayOfWeek.MONDAY,
                java.time.DayOfWeek.FRIDAY), List.of(java.time.LocalTime.of(17, 30), java.time.LocalTime.of(6, 0)),
                java.time.LocalDate.parse("2026-01-01"), java.time.LocalDate.parse("2026-06-30")),
                vn.loa.agent.broadcast.BroadcastItem.builder("morning", Level.NORMAL).source("https://h/b.mp3")
                        .sha256("a".repeat(64)).repeat(2).maxDuration(Duration.ofMinutes(30))
                        .notAfter(java.time.Instant.parse("2026-06-30T10:00:00Z")).volume(70).allowNight(true)
                        .origin("srv1").build(),
                new ScheduleEntry.Fallback("b".repeat(64), java.net.URI.create("https://h/f.mp3")), true, "srv1",
                java.time.Instant.parse("2026-01-04T10:00:00Z"));
        Schedule s = new Schedule(7, List.of(full, Station.once("storm", Level.EMERGENCY, "2026-01-05T03:15")));
        Schedule back = ScheduleCodec.parse(ScheduleCodec.write(s), "schedule.json");
        assertThat(back.version()).isEqualTo(7);
        assertThat(ScheduleCodec.write(back)).isEqualTo(ScheduleCodec.write(s));
        assertThat(back.entry("morning").orElseThrow().fallback()).isEqualTo(full.fallback());
        assertThat(back.entry("morning").orElseThrow().recurrence()).isEqualTo(full.recurrence());
        assertThat(back.entry("morning").orElseThrow().item()).isEqualTo(full.item());
        assertThat(ScheduleCodec.write(s)).contains("\"notAfter\" : \"2026-06-30T10:00:00Z\"");
    }

    @Test
    void a_bad_schedule_names_every_problem_with_its_path() {
        assertThatThrownBy(() -> ScheduleCodec.parse("""
                {"version": 1, "entries": [
                  {"id": "a b", "level": "loud", "sources": ["ftp://x/y"], "weekly": {"days": ["mon", "funday"], "times": ["6am"]}},
                  {"id": "b", "level": "normal", "sources": ["http://h/b"], "once": "2026-01-05T06:00", "weekly": {}},
                  {"id": "c", "level": "normal", "sources": ["http://h/c"], "once": "tomorrow", "colour": "red", "notAfter": "soon"}
                ]}""", "schedule.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        "schedule.json: entries[0].level 'loud' is not a level (background, normal, priority, emergency)",
                        "schedule.json: entries[0].sources[0] 'ftp://x/y' is not an http, https, file or cache source",
                        "schedule.json: entries[0].weekly.days[1] 'funday' is not a day (mon, tue, wed, thu, fri, sat, sun, daily)",
                        "schedule.json: entries[0].weekly.times[0] '6am' is not a time of day (HH:mm)",
                        "schedule.json: entries[1] has both once and weekly; give one",
                        "schedule.json: entries[2].notAfter 'soon' is not an instant (2026-06-30T17:00:00Z)",
                        "schedule.json: entries[2].once 'tomorrow' is not a local date-time (2026-01-05T06:00)",
                        "schedule.json: entries[2].colour is not a known key"));
    }

    @Test
    void a_power_cut_at_every_step_of_a_change_leaves_the_old_or_the_new_schedule() throws Exception {
        Schedule old = new Schedule(1, List.of(Station.daily("a", Level.NORMAL, "06:00")));
        Schedule next = old.with(Station.daily("b", Level.PRIORITY, "07:00"));
        for (boolean torn : new boolean[] {false, true}) {
            for (int cut = 0; cut < 4; cut++) {
                SimulatedDisk disk = new SimulatedDisk();
                new ScheduleStore(disk, FILE).save(old);
                disk.cutPowerAt(cut);
                try {
                    new ScheduleStore(disk, FILE).save(next);
                } catch (java.io.IOException expected) {
                    // the cut
                }
                disk.reboot(torn);
                Schedule after = new ScheduleStore(disk, FILE).load();
                assertThat(after.version()).as("cut at %d", cut).isIn(1L, 2L);
                assertThat(ScheduleCodec.write(after)).isIn(ScheduleCodec.write(old), ScheduleCodec.write(next));
            }
        }
    }

    @Test
    void a_change_that_cannot_be_stored_is_rejected_and_the_old_schedule_stays_in_force() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        Station s = new Station(new vn.loa.hal.time.ManualScheduler(Station.MONDAY_0500, vn.loa.hal.time.Clock.VIETNAM), disk,
                i -> Duration.ofMinutes(1)).start();
        s.runner.put(Station.daily("a", Level.NORMAL, "06:00"), "srv1");
        disk.cutPowerAt(1);
        ScheduleChange c = s.runner.put(Station.daily("b", Level.NORMAL, "07:00"), "srv2");
        assertThat(c).isInstanceOf(ScheduleChange.Rejected.class);
        assertThat(((ScheduleChange.Rejected) c).reason()).startsWith("cannot store schedule version 2 in /data/schedule.json: ")
                .endsWith("; version 1 stays");
        assertThat(s.runner.schedule().version()).isEqualTo(1);
        assertThat(s.runner.schedule().entries()).extracting(ScheduleEntry::id).containsExactly("a");
    }
}
