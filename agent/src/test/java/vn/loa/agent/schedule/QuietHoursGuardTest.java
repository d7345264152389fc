package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditEntry;
import vn.loa.agent.store.AuditLog;
import vn.loa.agent.store.SimulatedDisk;
import vn.loa.hal.json.JsonNode;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class QuietHoursGuardTest {

    private static final Instant AT_0315 = Instant.parse("2026-01-04T20:15:00Z"); // 03:15 in Vietnam

    private final SimulatedDisk disk = new SimulatedDisk();
    private final ManualScheduler time = new ManualScheduler(AT_0315, Clock.VIETNAM);

    private static BroadcastItem item(Level level, boolean night) {
        return BroadcastItem.builder("b1", level).source("http://h/b1.mp3").allowNight(night).origin("srv7").build();
    }

    @Test
    void normal_at_0315_is_refused_and_audited_with_who_and_when() throws Exception {
        AuditLog audit = AuditLog.open(disk, Path.of("/a"), time, 4096, 2);
        QuietHoursGuard g = new QuietHoursGuard(QuietHoursConfig.defaults(), Clock.VIETNAM, audit);
        Admission a = g.admit(item(Level.NORMAL, false), AT_0315);
        String reason = "quiet hours 22:00-05:00: normal item b1 at 03:15 without allowNight";
        assertThat(a).isEqualTo(new Admission.Refused(reason));
        assertThat(AuditLog.readAll(disk, Path.of("/a")))
                .containsExactly(new AuditEntry(AT_0315, "srv7", "refused.quiet-hours", reason));
    }

    @Test
    void emergency_at_0315_plays_and_so_does_an_item_allowed_at_night() throws Exception {
        AuditLog audit = AuditLog.open(disk, Path.of("/a"), time, 4096, 2);
        QuietHoursGuard g = new QuietHoursGuard(QuietHoursConfig.defaults(), Clock.VIETNAM, audit);
        assertThat(g.admit(item(Level.EMERGENCY, false), AT_0315).admitted()).isTrue();
        assertThat(g.admit(item(Level.PRIORITY, true), AT_0315).admitted()).isTrue();
        assertThat(g.admit(item(Level.PRIORITY, false), AT_0315).admitted()).isFalse();
        assertThat(g.admit(item(Level.NORMAL, false), Instant.parse("2026-01-04T22:00:00Z")).admitted())
                .as("05:00 is outside").isTrue();
        assertThat(g.admit(item(Level.NORMAL, false), Instant.parse("2026-01-04T14:59:59Z")).admitted())
                .as("21:59:59 is outside").isTrue();
    }

    @Test
    void window_wraps_midnight_or_not() {
        QuietHoursConfig night = QuietHoursConfig.defaults();
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(4, 59))).isTrue();
        assertThat(night.contains(LocalTime.NOON)).isFalse();
        QuietHoursConfig day = new QuietHoursConfig(true, LocalTime.of(12, 0), LocalTime.of(13, 0));
        assertThat(day.contains(LocalTime.of(12, 30))).isTrue();
        assertThat(day.contains(LocalTime.of(13, 0))).isFalse();
        assertThat(new QuietHoursConfig(false, LocalTime.of(22, 0), LocalTime.of(5, 0)).contains(LocalTime.of(23, 0))).isFalse();
    }

    @Test
    void config_reads_its_section_and_names_bad_values() throws Exception {
        JsonNode ok = JsonNode.parse("{\"start\": \"21:30\", \"end\": \"04:30\"}", "loa.json");
        assertThat(QuietHoursConfig.from(ok)).isEqualTo(new QuietHoursConfig(true, LocalTime.of(21, 30), LocalTime.of(4, 30)));
        JsonNode bad = JsonNode.parse("{\"start\": \"25:00\", \"enabld\": true}", "loa.json");
        QuietHoursConfig.from(bad);
        assertThat(bad.problems().all()).containsExactly("loa.json: start '25:00' is not a time of day (HH:mm)",
                "loa.json: enabld is not a known key (did you mean 'enabled'?)");
    }
}
