package vn.loa.testbench.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.loa.agent.audio.AudioConfig;
import vn.loa.agent.audio.AudioEngine;
import vn.loa.agent.audio.PcmChunk;
import vn.loa.agent.audio.PcmDecoder;
import vn.loa.agent.audio.Playback;
import vn.loa.agent.audio.Resampler;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Clock;

/**
 * Decodes one generated MP3 with Loa's decoder (cold first pass, then warm passes, CPU time of the decoding
 * thread and of the whole JVM) and with a native peer ({@code mpg123 -t}, else {@code ffmpeg -f null}) in
 * the same run, and prints the ratio; then plays it through the engine for a few seconds and prints heap
 * and RSS while playing.
 */
final class DecodeBench {

    record Result(String name, double cpuSeconds) { }

    private final PrintStream out;

    DecodeBench(PrintStream out) {
        this.out = out;
    }

    /** A {@code seconds}-long 128 kb/s stereo MP3 of pink noise under a 440 Hz tone (harder than a pure sine). */
    static Path generate(Path dir, int seconds) throws IOException, InterruptedException {
        Path mp3 = dir.resolve("bench-" + seconds + "s-128k.mp3");
        run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "anoisesrc=d=" + seconds + ":color=pink:amplitude=0.3:r=44100",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds + ":sample_rate=44100",
                "-filter_complex", "amix=inputs=2", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", mp3.toString()));
        return mp3;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text.strip());
        return text;
    }

    /** Decodes the file once to 48 kHz stereo; returns decoding-thread CPU seconds. */
    static double loaPass(Path mp3) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        long frames = 0;
        Resampler r = new Resampler(new vn.loa.agent.audio.PcmFormat(48_000, 2));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(mp3));
             PcmDecoder d = PcmDecoder.open(in, "audio/mpeg", mp3.toString())) {
            PcmChunk c;
            while ((c = d.next()) != null) frames += r.convert(c).length / 2;
        }
        if (frames == 0) throw new IOException(mp3 + ": decoded no audio");
        return (mx.getCurrentThreadCpuTime() - t0) / 1e9;
    }

    static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return Double.NaN;
    }

    /** Children's user+sys CPU of {@code cmd}, measured by bash's {@code times}. */
    static double peerCpu(List<String> cmd) throws IOException, InterruptedException {
        StringBuilder sh = new StringBuilder();
        for (String c : cmd) sh.append('\'').append(c.replace("'", "'\\''")).append("' ");
        String text = run(List.of("bash", "-c", sh + ">/dev/null 2>&1; times"));
        String[] lines = text.strip().split("\n");
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(lines[lines.length - 1]);
        if (!m.find()) throw new IOException("cannot read CPU times from: " + text);
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String memory() {
        Runtime rt = Runtime.getRuntime();
        long used = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        long rss = rssKb();
        return "heap used " + used + " MB of " + rt.totalMemory() / (1024 * 1024) + " MB committed, RSS "
                + (rss < 0 ? "unknown" : rss / 1024 + " MB");
    }

    int run(int seconds, int passes, int playSeconds) throws Exception {
        if (!onPath("ffmpeg")) {
            out.println("bench decode needs ffmpeg to generate the test MP3: apt-get install ffmpeg");
            return 1;
        }
        Path dir = Files.createTempDirectory("loa-bench");
        try {
            Path mp3 = generate(dir, seconds);
            out.printf("input: %s (%d s, 128 kb/s stereo, %d bytes)%n", mp3.getFileName(), seconds, Files.size(mp3));
            double procBefore = processCpuSeconds();
            double cold = loaPass(mp3);
            double procCold = processCpuSeconds() - procBefore;
            double warm = Double.MAX_VALUE;
            for (int i = 1; i < passes; i++) warm = Math.min(warm, loaPass(mp3));
            Result peer;
            if (onPath("mpg123")) {
                peer = new Result("mpg123 -t", peerCpu(List.of("mpg123", "-q", "-t", mp3.toString())));
            } else {
                peer = new Result("ffmpeg -f null", peerCpu(List.of("ffmpeg", "-nostdin", "-i", mp3.toString(), "-f", "null", "-")));
            }
            out.printf("%-32s %8s %8s%n", "decoder", "CPU s", "x peer");
            out.printf("%-32s %8.3f %8.1f%n", peer.name(), peer.cpuSeconds(), 1.0);
            out.printf("%-32s %8.3f %8.1f%n", "Loa (JLayer), first pass", cold, cold / peer.cpuSeconds());
            out.printf("%-32s %8.3f %8.1f%n", "  same, whole JVM (JIT etc.)", procCold, procCold / peer.cpuSeconds());
            if (passes > 1) {
                out.printf("%-32s %8.3f %8.1f%n", "Loa (JLayer), warm (best of " + (passes - 1) + ")", warm,
                        warm / peer.cpuSeconds());
            }
            out.printf("decode load while playing (warm): %.2f %% of one core%n", 100 * warm / seconds);
            out.println("after decoding: " + memory());
            if (playSeconds > 0) playAndMeasure(mp3, dir, playSeconds);
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private void playAndMeasure(Path mp3, Path dir, int playSeconds) throws Exception {
        AudioConfig config = AudioConfig.builder().cacheDir(dir).build();
        Clock clock = Clock.system(Clock.VIETNAM);
        try (AudioEngine engine = new AudioEngine(config, new WavCaptureSink(dir.resolve("play.wav")), clock, new Random())) {
            Playback p = engine.open(BroadcastItem.builder("bench", Level.NORMAL).source(mp3.toUri()).build());
            java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
            long deadline = clock.monotonicNanos() + Duration.ofSeconds(10).toNanos();
            while (p.phase() == Playback.Phase.BUFFERING && clock.monotonicNanos() < deadline) {
                never.await(10, TimeUnit.MILLISECONDS);
            }
            p.play(Level.NORMAL, java.util.OptionalInt.empty(), Duration.ZERO);
            engine.startAudioThread();
            double cpu0 = processCpuSeconds();
            never.await(playSeconds, TimeUnit.SECONDS);
            double cpu = processCpuSeconds() - cpu0;
            out.printf("while playing %d s through the engine: %s, JVM CPU %.1f %% of one core, underruns %d%n",
                    playSeconds, memory(), 100 * cpu / playSeconds, p.stats().underruns());
            p.close();
        }
    }
}
