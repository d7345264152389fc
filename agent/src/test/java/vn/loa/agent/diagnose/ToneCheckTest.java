package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.AudioSinkException;
import vn.loa.agent.audio.PcmFormat;
import vn.loa.agent.audio.WavCaptureSink;

class ToneCheckTest {

    @TempDir Path dir;

    @Test
    void a_tone_written_to_a_capture_is_read_back_at_1_khz() {
        Path wav = dir.resolve("tone.wav");
        CheckResult r = new ToneCheck(new WavCaptureSink(wav), Optional.of(wav)).run();
        assertThat(r.toString()).contains("PASS").contains("read back at 1000 Hz");
    }

    @Test
    void a_busy_sound_card_fails_with_its_error_cause_and_remedy() {
        AudioSink busy = new AudioSink() {
            @Override public void open(PcmFormat format) throws AudioSinkException {
                throw new AudioSinkException("device hw:0 is busy", null);
            }
            @Override public void write(short[] samples, int frames) { }
            @Override public void close() { }
            @Override public String describe() { return "sound card 'USB Audio'"; }
        };
        CheckResult r = new ToneCheck(busy, Optional.empty()).run();
        assertThat(r.toString()).contains("FAIL").contains("could not be played on sound card 'USB Audio': device hw:0 is busy")
                .contains("busy (another program holds it)").contains("aplay -l");
    }

    @Test
    void a_capture_that_comes_back_at_another_pitch_fails() {
        byte[] wav = new byte[44 + 4 * 4800];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav, 44, wav.length - 44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4800; i++) {
            short v = (short) Math.round(3000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
            b.putShort(v).putShort(v);
        }
        assertThat(ToneCheck.dominantHz(wav)).isBetween(430.0, 450.0);
    }
}
