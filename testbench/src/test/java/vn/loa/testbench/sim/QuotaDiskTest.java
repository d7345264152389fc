package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaDiskTest {

    @TempDir Path dir;

    @Test
    void a_full_quota_refuses_every_write_that_adds_bytes_naming_the_file_and_the_receiver() throws IOException {
        QuotaDisk disk = new QuotaDisk("rx-2");
        Path log = dir.resolve("play.log");
        disk.append(log, "one\n".getBytes(StandardCharsets.UTF_8));

        disk.full(true);
        assertThat(disk.isFull()).isTrue();
        assertThatThrownBy(() -> disk.append(log, "two\n".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessage(log + ": No space left on device (simulated disk quota of rx-2 is full)");
        assertThatThrownBy(() -> disk.write(dir.resolve("state.tmp"), new byte[] {1}))
                .hasMessage(dir.resolve("state.tmp") + ": No space left on device (simulated disk quota of rx-2 is full)");
        // What a full disk still allows: reading, making room, renaming.
        assertThat(disk.read(log)).isEqualTo("one\n".getBytes(StandardCharsets.UTF_8));
        disk.truncate(log, 2);
        disk.rename(log, dir.resolve("old.log"));
        disk.delete(dir.resolve("old.log"));
        assertThat(disk.exists(dir.resolve("old.log"))).isFalse();

        disk.full(false);
        disk.append(log, "three\n".getBytes(StandardCharsets.UTF_8));
        assertThat(disk.read(log)).isEqualTo("three\n".getBytes(StandardCharsets.UTF_8));
    }
}
