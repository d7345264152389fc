package vn.loa.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AtomicStateWriterCrashTest {

    private static final Path FILE = Path.of("/data/state.json");

    @Test
    void write_goes_temp_fsync_rename_fsync_dir_in_that_order() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        new AtomicStateWriter(disk).write(FILE, "new".getBytes(UTF_8));
        assertThat(disk.stepLog()).containsExactly("write /data/state.json.tmp", "fsync /data/state.json.tmp",
                "rename /data/state.json.tmp /data/state.json", "fsyncDir /data");
    }

    @Test
    void a_power_cut_at_every_step_leaves_the_old_or_the_new_content_never_a_mix() throws Exception {
        int total = countSteps();
        assertThat(total).isEqualTo(4);
        for (boolean torn : new boolean[] {false, true}) {
            for (int cut = 0; cut < total; cut++) {
                SimulatedDisk disk = new SimulatedDisk();
                AtomicStateWriter w = new AtomicStateWriter(disk);
                w.write(FILE, "old version 1".getBytes(UTF_8));
                disk.cutPowerAt(cut);
                int at = cut;
                assertThatThrownBy(() -> w.write(FILE, "new version 2, longer".getBytes(UTF_8)))
                        .as("cut at step %d", at).isInstanceOf(IOException.class);
                disk.reboot(torn);
                String after = new String(new AtomicStateWriter(disk).read(FILE).orElseThrow(), UTF_8);
                assertThat(after).as("cut at step %d torn %s", cut, torn).isIn("old version 1", "new version 2, longer");
                if (cut == total - 1) assertThat(after).isIn("old version 1", "new version 2, longer");
                assertThat(disk.exists(AtomicStateWriter.temp(FILE))).as("temp removed on read").isFalse();
            }
        }
    }

    @Test
    void a_first_write_cut_short_reads_as_no_state_at_all() throws Exception {
        for (int cut = 0; cut < 4; cut++) {
            SimulatedDisk disk = new SimulatedDisk();
            disk.cutPowerAt(cut);
            try {
                new AtomicStateWriter(disk).write(FILE, "first".getBytes(UTF_8));
            } catch (IOException expected) {
                // the cut
            }
            disk.reboot(true);
            var read = new AtomicStateWriter(disk).read(FILE);
            if (read.isPresent()) assertThat(new String(read.get(), UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void once_write_returns_the_new_content_survives_a_cut() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        new AtomicStateWriter(disk).write(FILE, "kept".getBytes(UTF_8));
        disk.cutPowerAt(0);
        disk.reboot(false);
        assertThat(new String(new AtomicStateWriter(disk).read(FILE).orElseThrow(), UTF_8)).isEqualTo("kept");
    }

    private static int countSteps() throws IOException {
        SimulatedDisk d = new SimulatedDisk();
        new AtomicStateWriter(d).write(FILE, "x".getBytes(UTF_8));
        return d.steps();
    }
}
