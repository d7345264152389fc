package vn.loa.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;

class PlayLogTest {

    private static final Path DIR = Path.of("/data/playlog");
    private static final Instant T0 = Instant.parse("2026-01-05T23:00:00Z");

    private static PlayLog open(Disk disk) throws IOException {
        return PlayLog.open(disk, DIR, 1024, 1);
    }

    private static PlayEvent ev(int i) {
        return PlayEvents.completed("item" + i, T0.plusSeconds(3600L * i));
    }

    @Test
    void records_survive_reopening_with_every_field() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        PlayEvent refused = PlayEvent.notAired("night@2026-01-06T03:15", Level.NORMAL, "schedule:srv1",
                Instant.parse("2026-01-05T20:15:00Z"), Instant.parse("2026-01-05T20:15:00Z"),
                new ItemResult.Refused("quiet hours 22:00-05:00"));
        log.append(ev(1));
        log.append(refused);
        PlayLog again = open(disk);
        assertThat(again.unacknowledged(10)).extracting(PlayRecord::event).containsExactly(ev(1), refused);
        assertThat(again.unacknowledged(10)).extracting(PlayRecord::seq).containsExactly(1L, 2L);
        assertThat(again.lastSeq()).isEqualTo(2);
    }

    @Test
    void a_torn_last_record_is_skipped_cut_off_and_the_log_goes_on() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        log.append(ev(1));
        log.append(ev(2));
        Path seg = disk.list(DIR).stream().filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        disk.append(seg, "1234abcd {\"seq\":3,\"item\":\"tor".getBytes(UTF_8));
        PlayLog again = open(disk);
        assertThat(again.skippedOnOpen()).isEqualTo(1);
        assertThat(again.lastSeq()).isEqualTo(2);
        again.append(ev(3));
        assertThat(open(disk).unacknowledged(10)).extracting(PlayRecord::seq).containsExactly(1L, 2L, 3L);
        assertThat(open(disk).skippedOnOpen()).isZero();
    }

    @Test
    void a_damaged_record_in_the_middle_is_skipped_and_the_rest_kept() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        log.append(ev(1));
        Path seg = disk.list(DIR).stream().filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        disk.append(seg, "00000000 {\"seq\":2}\n".getBytes(UTF_8));
        disk.append(seg, AppendLog.frame(PlayLog.encode(new PlayRecord(3, ev(3)))));
        PlayLog again = open(disk);
        assertThat(again.skippedOnOpen()).isEqualTo(1);
        assertThat(again.unacknowledged(10)).extracting(r -> r.event().itemId()).containsExactly("item1", "item3");
    }

    @Test
    void acknowledgements_are_cumulative_idempotent_and_refused_beyond_the_last_record() throws Exception {
        PlayLog log = open(new SimulatedDisk());
        for (int i = 1; i <= 5; i++) log.append(ev(i));
        assertThat(log.acknowledge(3)).isEqualTo(new AckOutcome.Advanced(1, 3));
        assertThat(log.acknowledge(3)).isEqualTo(new AckOutcome.AlreadyAcknowledged(3));
        assertThat(log.acknowledge(2)).isEqualTo(new AckOutcome.AlreadyAcknowledged(3));
        assertThat(log.acknowledge(9)).isEqualTo(new AckOutcome.Beyond(9, 5));
        assertThat(log.unacknowledged(10)).extracting(PlayRecord::seq).containsExactly(4L, 5L);
        assertThat(log.unacknowledged(1)).extracting(PlayRecord::seq).containsExactly(4L);
    }

    @Test
    void rotates_by_size_and_deletes_only_acknowledged_segments_beyond_the_kept_ones() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        for (int i = 1; i <= 20; i++) log.append(ev(i));
        List<Path> segs = segments(disk);
        assertThat(segs.size()).isGreaterThan(3);
        log.acknowledge(2);
        assertThat(segments(disk)).as("nothing deleted while every segment holds unacknowledged records")
                .hasSize(segs.size());
        log.acknowledge(20);
        assertThat(segments(disk)).hasSize(2);
        PlayLog again = open(disk);
        assertThat(again.unacknowledged(100)).isEmpty();
        assertThat(again.append(ev(21)).seq()).as("seq never reused after deletion").isEqualTo(21);
    }

    private static List<Path> segments(Disk disk) throws IOException {
        return disk.list(DIR).stream().filter(p -> p.getFileName().toString().startsWith("play-")).toList();
    }

    /**
     * The scenario: 6 appends and 2 acknowledgements interleaved. For every mutating step, cut the power there
     * (with and without a torn tail), reboot, reopen, and check: every append that returned is there, nothing
     * acknowledged is offered again, no seq is reused, and the log keeps working.
     */
    @Test
    void a_power_cut_at_every_step_never_corrupts_or_loses_a_returned_or_acknowledged_record() throws Exception {
        int total;
        {
            SimulatedDisk d = new SimulatedDisk();
            scenario(d, new ArrayList<>(), new long[1]);
            total = d.steps();
        }
        assertThat(total).isGreaterThan(20);
        for (boolean torn : new boolean[] {false, true}) {
            for (int cut = 0; cut < total; cut++) {
                SimulatedDisk disk = new SimulatedDisk();
                disk.cutPowerAt(cut);
                List<PlayRecord> returned = new ArrayList<>();
                long[] acked = {0};
                try {
                    scenario(disk, returned, acked);
                } catch (IOException expected) {
                    // the power cut
                }
                disk.reboot(torn);
                String at = "cut at step " + cut + " torn " + torn;
                PlayLog log = open(disk);
                assertThat(log.acknowledgedUpTo()).as(at).isGreaterThanOrEqualTo(acked[0]);
                List<PlayRecord> all = PlayLog.readAll(disk, DIR);
                assertThat(all).as(at).containsAll(returned);
                for (PlayRecord r : log.unacknowledged(100)) assertThat(r.seq()).as(at).isGreaterThan(log.acknowledgedUpTo());
                List<Long> seqs = all.stream().map(PlayRecord::seq).toList();
                assertThat(seqs).as(at).doesNotHaveDuplicates().isSorted();
                PlayRecord next = log.append(ev(99));
                assertThat(next.seq()).as(at).isGreaterThan(Math.max(log.acknowledgedUpTo(),
                        returned.isEmpty() ? 0 : returned.get(returned.size() - 1).seq()));
                assertThat(open(disk).unacknowledged(100)).as(at).contains(next);
            }
        }
    }

    /**
     * A disk error that is not a power cut (a short write on a full disk, a failed fsync or folder sync, then
     * the disk carries on): for every mutating step of 6 recorded items and 2 acknowledgements, fail that step
     * (and, second round, the step after it too, so the clean-up fails as well). Every item ends up on disk
     * exactly once, in order, with seqs 1..6, and no record is damaged (no failed bytes glued to the next one).
     */
    @Test
    void a_failed_write_or_sync_at_any_step_loses_no_record_reuses_no_seq_and_glues_nothing() throws Exception {
        int total;
        {
            SimulatedDisk d = new SimulatedDisk();
            PlayLog log = PlayLog.open(d, DIR, 1024, 100);
            d.failOnceAt();
            recordSix(log);
            total = d.steps();
        }
        assertThat(total).isGreaterThan(20);
        for (int twice = 0; twice <= 1; twice++) {
            for (int k = 0; k < total; k++) {
                String at = "step " + k + (twice == 1 ? " and " + (k + 1) : "") + " failed";
                SimulatedDisk disk = new SimulatedDisk();
                PlayLog log = PlayLog.open(disk, DIR, 1024, 100);
                if (twice == 1) disk.failOnceAt(k, k + 1);
                else disk.failOnceAt(k);
                recordSix(log);
                for (int i = 0; i < 3 && log.heldCount() > 0; i++) log.retryHeld();
                disk.failOnceAt(); // the disk works again
                assertThat(log.heldCount()).as(at).isZero();
                assertThat(log.lastSeq()).as(at).isEqualTo(6);
                PlayLog again = open(disk);
                assertThat(again.skippedOnOpen()).as(at + ": damaged records on disk").isZero();
                List<PlayRecord> all = PlayLog.readAll(disk, DIR);
                assertThat(all).extracting(PlayRecord::seq).as(at).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
                assertThat(all).extracting(PlayRecord::event).as(at)
                        .containsExactly(ev(1), ev(2), ev(3), ev(4), ev(5), ev(6));
                assertThat(again.append(ev(7)).seq()).as(at).isEqualTo(7);
            }
        }
    }

    @Test
    void a_record_the_disk_refuses_is_held_not_offered_and_written_by_the_next_append() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        log.append(ev(1));
        disk.failOnceAt(0); // the append of record 2: half its bytes, no line feed
        log.onPlayed(ev(2));
        assertThat(log.heldCount()).isEqualTo(1);
        assertThat(log.unacknowledged(10)).extracting(PlayRecord::seq).as("not durable, not offered").containsExactly(1L);
        assertThat(log.append(ev(3)).seq()).isEqualTo(3);
        assertThat(log.heldCount()).isZero();
        assertThat(log.unacknowledged(10)).extracting(r -> r.event().itemId()).containsExactly("item1", "item2", "item3");
        PlayLog again = open(disk);
        assertThat(again.skippedOnOpen()).isZero();
        assertThat(again.unacknowledged(10)).extracting(PlayRecord::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_failed_fsync_does_not_leave_its_record_beside_the_retry() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        log.append(ev(1));
        disk.failOnceAt(1); // step 0 appends record 2 whole, step 1 is its fsync
        log.onPlayed(ev(2));
        assertThat(log.heldCount()).isEqualTo(1);
        assertThat(log.retryHeld()).isZero();
        assertThat(PlayLog.readAll(disk, DIR)).extracting(r -> r.seq() + " " + r.event().itemId())
                .containsExactly("1 item1", "2 item2");
    }

    @Test
    void a_record_appended_after_a_restart_into_a_segment_a_failed_append_created_survives_a_power_cut() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        PlayLog log = open(disk);
        disk.failOnceAt(1); // the first record's fsync: the new segment exists, its name never made durable
        log.onPlayed(ev(1));
        PlayLog restarted = open(disk); // the agent restarts (the machine does not)
        PlayRecord r = restarted.append(ev(2));
        disk.cutPowerAt(0);
        disk.reboot(false);
        assertThat(PlayLog.readAll(disk, DIR)).containsExactly(r);
    }

    private static void recordSix(PlayLog log) {
        for (int i = 1; i <= 6; i++) {
            log.onPlayed(ev(i));
            if (i == 3 || i == 6) {
                try {
                    log.acknowledge(log.lastSeq() - 1);
                } catch (IOException e) {
                    // the failed step was the cursor's; the ack is offered again later
                }
            }
        }
    }

    private static void scenario(Disk disk, List<PlayRecord> returned, long[] acked) throws IOException {
        PlayLog log = PlayLog.open(disk, DIR, 1024, 0);
        for (int i = 1; i <= 6; i++) {
            returned.add(log.append(ev(i)));
            if (i == 3 || i == 6) {
                log.acknowledge(i - 1);
                acked[0] = i - 1;
            }
        }
    }
}
