package vn.loa.agent.diagnose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import vn.loa.agent.audio.AudioSink;
import vn.loa.agent.audio.AudioSinkException;
import vn.loa.agent.audio.PcmFormat;

/**
 * A test tone plays: half a second of 1 kHz at -20 dBFS written to the station's audio output. The amplifiers stay
 * off during diagnose, so nothing reaches the loudspeakers; what is proved is that the sound card takes audio (not
 * busy, not gone). When the output is a WAV capture (the simulated board) the capture is read back and the tone must
 * be there at 1 kHz.
 */
public final class ToneCheck implements Check {

    static final int RATE = 48_000;
    static final int HZ = 1000;
    static final double SECONDS = 0.5;
    static final short AMPLITUDE = 3277; // -20 dBFS

    private final AudioSink sink;
    private final Optional<Path> readBack;

    /** @param readBack the capture file {@code sink} writes, to check the tone arrived; empty for a sound card */
    public ToneCheck(AudioSink sink, Optional<Path> readBack) {
        this.sink = sink;
        this.readBack = readBack;
    }

    @Override public String name() {
        return "tone";
    }

    @Override public CheckResult run() {
        int frames = (int) (RATE * SECONDS);
        int tick = RATE / 50;
        short[] buf = new short[tick * 2];
        try {
            sink.open(new PcmFormat(RATE, 2));
            try {
                for (int f = 0; f < frames; f += tick) {
                    for (int i = 0; i < tick; i++) {
                        short v = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * HZ * (f + i) / RATE));
                        buf[2 * i] = v;
                        buf[2 * i + 1] = v;
                    }
                    sink.write(buf, tick);
                }
            } finally {
                sink.close();
            }
        } catch (AudioSinkException e) {
            return CheckResult.fail("the test tone could not be played on " + sink.describe() + ": " + e.getMessage(),
                    "the sound card is busy (another program holds it) or has gone",
                    "stop other audio programs ('fuser -v /dev/snd/*'), check 'aplay -l', reseat the card");
        }
        if (readBack.isEmpty()) {
            return CheckResult.pass("1 kHz test tone (0.5 s, -20 dBFS) played on " + sink.describe()
                    + "; amplifiers off, so the loudspeakers stay silent");
        }
        try {
            double hz = dominantHz(Files.readAllBytes(readBack.get()));
            if (Math.abs(hz - HZ) > 20) {
                return CheckResult.fail("the test tone came back from " + readBack.get() + " at " + Math.round(hz)
                        + " Hz instead of " + HZ + " Hz", "the audio path (resampling, format) is broken",
                        "report it with the capture file; run './loa play' on a known file to compare");
            }
            return CheckResult.pass("1 kHz test tone written to " + sink.describe() + " and read back at "
                    + Math.round(hz) + " Hz");
        } catch (IOException e) {
            return CheckResult.fail("the test tone's capture " + readBack.get() + " cannot be read: " + e.getMessage(),
                    "the data disk is failing or full", "see the 'disk' line");
        }
    }

    /** Rising zero crossings per second of the left channel of a 16-bit stereo WAV with a 44-byte header. */
    static double dominantHz(byte[] wav) {
        if (wav.length <= 44 + 4) return 0;
        ByteBuffer b = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        int n = (wav.length - 44) / 4;
        int rising = 0;
        int first = -1;
        int last = -1;
        short prev = b.getShort();
        b.getShort();
        for (int i = 1; i < n; i++) {
            short s = b.getShort();
            b.getShort();
            if (prev < 0 && s >= 0) {
                rising++;
                if (first < 0) first = i;
                last = i;
            }
            prev = s;
        }
        return rising < 2 ? 0 : (rising - 1) * (double) RATE / (last - first);
    }
}
