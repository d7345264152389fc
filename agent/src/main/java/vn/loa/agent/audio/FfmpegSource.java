package vn.loa.agent.audio;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * HLS playlists and AAC/M4A through an {@code ffmpeg} subprocess that decodes to WAV on its stdout. The
 * process is started on the fetch thread, its stderr kept (last lines) for the error message, and it is
 * killed when the track closes. For a live input ({@code http(s)}) the process is supervised: when it exits
 * it is started again after a capped exponential back-off, forever; for a file its failure ends the fetch.
 * When ffmpeg is not installed the fetch fails at once with a message saying how to install it.
 */
public final class FfmpegSource implements ByteSource {

    static final int STDERR_LINES = 5;

    private final String ffmpeg;
    private final String input;
    private final PcmFormat out;
    private final FetchStats stats = new FetchStats();
    private volatile Process process;
    private final Backoff restarts;
    private final java.util.concurrent.CountDownLatch aborted = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean installed = true;
    private final String format;

    public FfmpegSource(String ffmpeg, String input, PcmFormat out) {
        this(ffmpeg, input, out, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new java.util.Random()));
    }

    /** With the back-off used between restarts of a live input's process. */
    public FfmpegSource(String ffmpeg, String input, PcmFormat out, Backoff restarts) {
        this(ffmpeg, input, out, restarts, "HLS/AAC");
    }

    /** @param format what the input is, for the message when ffmpeg is missing ({@code "AAC (ADTS)"}) */
    public FfmpegSource(String ffmpeg, String input, PcmFormat out, Backoff restarts, String format) {
        this.format = format;
        this.ffmpeg = ffmpeg;
        this.input = input;
        this.out = out;
        this.restarts = restarts;
    }

    @Override public void fetch(FetchSink sink) throws IOException {
        while (true) {
            try {
                runOnce(sink);
                if (!live() || sink.stopped() || aborted.getCount() == 0) return;
                stats.error(input + ": ffmpeg ended the live input");
            } catch (IOException e) {
                if (!live() || sink.stopped() || aborted.getCount() == 0 || !installed) throw e;
            }
            Duration d = restarts.next();
            Logger.tag("ffmpeg").warn("{}; restarting ffmpeg in {} ms", stats.lastError(), d.toMillis());
            try {
                if (aborted.await(d.toMillis(), TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void runOnce(FetchSink sink) throws IOException {
        List<String> cmd = List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", input, "-vn",
                "-ac", Integer.toString(out.channels()), "-ar", Integer.toString(out.sampleRate()), "-f", "wav", "-");
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            installed = false;
            String msg = input + ": " + format + " needs ffmpeg, but '" + ffmpeg + "' cannot be run (" + e.getMessage()
                    + "); install it with 'apt-get install ffmpeg'";
            stats.error(msg);
            throw new IOException(msg, e);
        }
        process = p;
        ArrayDeque<String> errLines = new ArrayDeque<>();
        Thread errReader = Thread.ofVirtual().name("loa-ffmpeg-stderr").start(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (errLines) {
                        errLines.add(line);
                        if (errLines.size() > STDERR_LINES) errLines.poll();
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        stats.connected(input);
        Logger.tag("ffmpeg").info("started ffmpeg (pid {}) for {}", p.pid(), input);
        sink.beginSegment("audio/wav", input + " (via ffmpeg)");
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = p.getInputStream()) {
            int n;
            while (!sink.stopped() && (n = in.read(buf)) > 0) {
                sink.write(buf, 0, n);
                stats.addBytes(n);
            }
        } finally {
            if (sink.stopped()) p.destroyForcibly();
        }
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            errReader.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        if (!sink.stopped() && p.exitValue() != 0) {
            String err;
            synchronized (errLines) {
                err = String.join(" | ", errLines);
            }
            String msg = input + ": ffmpeg exited with " + p.exitValue() + (err.isEmpty() ? "" : ": " + err);
            stats.error(msg);
            throw new IOException(msg);
        }
    }

    @Override public boolean live() {
        return input.startsWith("http");
    }

    @Override public FetchStats stats() {
        return stats;
    }

    @Override public void abort() {
        aborted.countDown();
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            Logger.tag("ffmpeg").info("killed ffmpeg (pid {}) for {}", p.pid(), input);
        }
    }

    @Override public String describe() {
        return input + " via ffmpeg";
    }
}
