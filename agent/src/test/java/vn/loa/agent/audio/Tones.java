package vn.loa.agent.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test audio: sine WAVs written in Java, encoded to MP3/Opus by the real ffmpeg, and read back. */
public final class Tones {

    private Tones() {
    }

    /** A sine of {@code hz} at {@code amplitude} (0..1) for {@code seconds}, 16-bit PCM WAV. */
    public static Path wav(Path file, int rate, int channels, double hz, double amplitude, double seconds) throws IOException {
        int frames = (int) (rate * seconds);
        short[] s = new short[frames * channels];
        for (int f = 0; f < frames; f++) {
            short v = (short) Math.round(Math.sin(2 * Math.PI * hz * f / rate) * amplitude * 32767);
            for (int c = 0; c < channels; c++) s[f * channels + c] = v;
        }
        writeWav(file, new PcmFormat(rate, channels), s);
        return file;
    }

    public static void writeWav(Path file, PcmFormat f, short[] s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(WavCaptureSink.header(f, s.length * 2L));
        for (short x : s) b.putShort(x);
        Files.write(file, b.array());
    }

    public static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    public static void assumeTool(String tool, String debianPackage) {
        Assumptions.assumeTrue(has(tool), "SKIPPED: '" + tool + "' not found; install the Debian package '"
                + debianPackage + "' to run this test");
    }

    /** Runs ffmpeg to encode {@code in} with {@code codecArgs} into {@code out}; fails the test on error. */
    public static Path ffmpeg(Path in, Path out, String... codecArgs) throws IOException, InterruptedException {
        assumeTool("ffmpeg", "ffmpeg");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", in.toString()));
        cmd.addAll(List.of(codecArgs));
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffmpeg timed out");
        }
        if (p.exitValue() != 0) throw new IOException("ffmpeg failed: " + log);
        return out;
    }

    /** Reads a 16-bit WAV's samples (first channel only). */
    public static short[] readMono(Path wav) throws IOException {
        try (WavDecoder d = new WavDecoder(Files.newInputStream(wav), wav.toString())) {
            List<short[]> parts = new ArrayList<>();
            int total = 0;
            PcmChunk c;
            while ((c = d.next()) != null) {
                short[] m = new short[c.frames()];
                for (int i = 0; i < c.frames(); i++) m[i] = c.samples()[i * c.format().channels()];
                parts.add(m);
                total += m.length;
            }
            short[] all = new short[total];
            int o = 0;
            for (short[] p : parts) {
                System.arraycopy(p, 0, all, o, p.length);
                o += p.length;
            }
            return all;
        }
    }
}
