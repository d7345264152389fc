package vn.loa.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class AuditLogTest {

    @Test
    void records_who_what_and_when_and_keeps_only_the_newest_segments() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        ManualScheduler time = new ManualScheduler();
        Path dir = Path.of("/data/audit");
        AuditLog audit = AuditLog.open(disk, dir, time, 1024, 2);
        audit.record("srv1", "schedule.add", "version 1: morning");
        time.advance(Duration.ofMinutes(1));
        audit.record("schedule:srv1", "refused.quiet-hours", "normal item x at 03:15");
        assertThat(AuditLog.readAll(disk, dir)).containsExactly(
                new AuditEntry(java.time.Instant.parse("2026-01-05T01:00:00Z"), "srv1", "schedule.add", "version 1: morning"),
                new AuditEntry(java.time.Instant.parse("2026-01-05T01:01:00Z"), "schedule:srv1", "refused.quiet-hours",
                        "normal item x at 03:15"));
        for (int i = 0; i < 60; i++) audit.record("cli", "test", "entry number " + i + " with some padding text");
        assertThat(disk.list(dir)).hasSize(2);
        assertThat(AuditLog.readAll(disk, dir).getLast().detail()).startsWith("entry number 59");
    }

    @Test
    void a_failing_disk_does_not_stop_a_refusal() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        AuditLog audit = AuditLog.open(disk, Path.of("/data/audit"), new ManualScheduler(), 1024, 2);
        disk.cutPowerAt(0);
        audit.record("srv1", "refused.quiet-hours", "x");
        assertThat(disk.isOff()).isTrue();
    }

    @Test
    void an_entry_the_disk_refuses_is_held_and_written_before_the_next_with_nothing_glued() throws Exception {
        for (int k = 0; k < 12; k++) {
            SimulatedDisk disk = new SimulatedDisk();
            Path dir = Path.of("/data/audit");
            AuditLog audit = AuditLog.open(disk, dir, new ManualScheduler(), 1024, 2);
            disk.failOnceAt(k);
            for (int i = 1; i <= 4; i++) audit.record("srv1", "test", "entry " + i);
            assertThat(audit.retryHeld()).as("step " + k).isZero();
            assertThat(AuditLog.readAll(disk, dir)).extracting(AuditEntry::detail).as("step " + k)
                    .containsExactly("entry 1", "entry 2", "entry 3", "entry 4");
            assertThat(AppendLog.scan(disk, dir, AuditLog.PREFIX).skipped()).as("step " + k).isZero();
        }
    }
}
