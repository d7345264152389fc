package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavCaptureSinkTest {

    @TempDir Path dir;

    static final int FRAMES = 960; // one 20 ms tick at 48 kHz

    static short[] tick(short value) {
        short[] s = new short[FRAMES * 2];
        java.util.Arrays.fill(s, value);
        return s;
    }

    @Test
    void a_long_capture_rotates_to_name_1_wav_at_its_bound_and_both_files_stay_readable() throws Exception {
        Path cap = dir.resolve("capture.wav");
        long bound = 1 << 20; // 1 MiB = 273 ticks of 3840 bytes
        try (WavCaptureSink sink = new WavCaptureSink(cap, bound)) {
            sink.open(new PcmFormat(48_000, 2));
            for (int i = 0; i < 300; i++) sink.write(tick((short) (i < 273 ? 1000 : 2000)), FRAMES);
        }
        Path previous = dir.resolve("capture.1.wav");
        assertThat(previous).exists();
        assertThat(Files.size(previous)).isEqualTo(44 + 273 * 3840L);
        assertThat(Files.size(cap)).isEqualTo(44 + 27 * 3840L);
        short[] old = Tones.readMono(previous);
        short[] now = Tones.readMono(cap);
        assertThat(old).hasSize(273 * FRAMES).containsOnly((short) 1000);
        assertThat(now).hasSize(27 * FRAMES).containsOnly((short) 2000);
    }

    @Test
    void a_bound_outside_what_a_wav_header_describes_is_refused() {
        assertThatThrownBy(() -> new WavCaptureSink(dir.resolve("c.wav"), 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 1 MiB");
    }
}
