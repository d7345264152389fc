package vn.loa.testbench.headend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.Level;
import vn.loa.testbench.sim.ToneBulletin;

/**
 * The simulated headend's content server: the JDK HTTP server on 127.0.0.1 (port 0) serving a few generated
 * bulletins under {@code /bulletins/NAME.wav} (one per level: spoken Vietnamese by {@code espeak-ng} when it is
 * installed, tones otherwise) and one endless live stream at {@link #LIVE_PATH} (a 48 kHz stereo WAV tone paced at
 * real time, for BACKGROUND and relays).
 *
 * <p>Lifecycle: {@link #start} writes the files and binds; {@link #close()} ends live streams and stops. Requests are
 * served on virtual threads; thread-safe.
 */
public final class ContentServer implements AutoCloseable {

    /** The endless live stream's path. */
    public static final String LIVE_PATH = "/live/tone.wav";
    /** The live stream's tone. */
    static final double LIVE_HZ = 550;
    private static final int RATE = 48_000;
    /** Bytes per live chunk: 100 ms of 48 kHz 16-bit stereo. */
    private static final int LIVE_CHUNK_FRAMES = RATE / 10;
    private static final long LIVE_CHUNK_MILLIS = 100;
    /** How far ahead of real time a live stream may run: one second of chunks. */
    private static final int LIVE_AHEAD_CHUNKS = 10;
    /** The longest espeak-ng may take for one bulletin. */
    private static final Duration SPEECH_BOUND = Duration.ofSeconds(20);

    /** A bulletin the server offers: its file name, a title for people and the level it is meant for. */
    public record Bulletin(String name, String title, Level level, Path file, String sha256) {
        public Bulletin {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(file, "file");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bulletin " + name + ": sha256 '" + sha256 + "' is not 64 lower-case hex digits");
            }
        }

        /** The path on the server, e.g. {@code /bulletins/emergency.wav}. */
        public String path() {
            return "/bulletins/" + name + ".wav";
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, Bulletin> bulletins;
    private final boolean speech;
    private final Set<Semaphore> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pacer;
    private volatile boolean closed;

    private ContentServer(HttpServer server, ExecutorService workers, Map<String, Bulletin> bulletins, boolean speech) {
        this.server = server;
        this.workers = workers;
        this.bulletins = bulletins;
        this.speech = speech;
        this.pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "content-live-pacer");
            t.setDaemon(true);
            return t;
        });
        pacer.scheduleAtFixedRate(this::pace, LIVE_CHUNK_MILLIS, LIVE_CHUNK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the bulletins into {@code dir} (spoken when {@code espeak-ng} works and {@code speech} is asked for,
     * tones otherwise) and starts serving them.
     */
    public static ContentServer start(Path dir, boolean speech) throws IOException {
        Files.createDirectories(dir);
        boolean spoken = speech && Speech.available();
        Map<String, Bulletin> b = new LinkedHashMap<>();
        add(b, dir, spoken, "normal", Level.NORMAL, "Bản tin sáng", 440, 20,
                "Bản tin sáng của xã. Lịch tiêm chủng cho trẻ em vào thứ bảy tuần này tại trạm y tế xã.");
        add(b, dir, spoken, "priority", Level.PRIORITY, "Thông báo cắt điện", 660, 12,
                "Thông báo. Ngày mai điện lực cắt điện từ bảy giờ đến mười một giờ để sửa chữa đường dây.");
        add(b, dir, spoken, "emergency", Level.EMERGENCY, "Cảnh báo bão số 3", 1000, 8,
                "Khẩn cấp. Bão số ba đang đổ bộ. Người dân ở yên trong nhà, tránh xa bờ sông và cột điện.");
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService w = Executors.newVirtualThreadPerTaskExecutor();
        s.setExecutor(w);
        ContentServer c = new ContentServer(s, w, b, spoken);
        s.createContext("/", c::handle);
        s.start();
        Logger.tag("content").info("content server at {} ({} bulletins, {})", c.baseUri(), b.size(), spoken ? "spoken" : "tones");
        return c;
    }

    private static void add(Map<String, Bulletin> b, Path dir, boolean spoken, String name, Level level, String title,
                            double hz, int seconds, String text) throws IOException {
        Path file = dir.resolve(name + ".wav");
        if (!(spoken && Speech.write(text, file))) ToneBulletin.write(file, hz, seconds);
        b.put(name, new Bulletin(name, title, level, file, sha256(file)));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** The TCP address receivers (or their fault proxies) connect to. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Whether the bulletins are speech ({@code espeak-ng}) rather than tones. */
    public boolean spoken() {
        return speech;
    }

    /** Whether {@code espeak-ng} (Debian package espeak-ng) is installed, so bulletins can be spoken. */
    public static boolean speechAvailable() {
        return Speech.available();
    }

    public List<Bulletin> bulletins() {
        return new ArrayList<>(bulletins.values());
    }

    /** The bulletin meant for {@code level}; BACKGROUND has none (it plays the live stream). */
    public Optional<Bulletin> bulletinFor(Level level) {
        return bulletins.values().stream().filter(b -> b.level() == level).findFirst();
    }

    /**
     * Serves {@code body} at {@code path} (absolute, e.g. {@code /fw/1.1.0/manifest.json}) from now on, replacing what
     * was there: the simulator's signed test releases.
     */
    public void serve(String path, byte[] body) {
        if (!path.startsWith("/") || path.equals(LIVE_PATH)) throw new IllegalArgumentException("cannot serve a file at '" + path + "'");
        files.put(path, body.clone());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                reply(ex, 405, "only GET\n");
                return;
            }
            if (path.equals(LIVE_PATH)) {
                live(ex);
                return;
            }
            byte[] file = files.get(path);
            if (file != null) {
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : file.length);
                if (ex.getRequestMethod().equals("GET")) ex.getResponseBody().write(file);
                return;
            }
            Bulletin b = bulletins.values().stream().filter(x -> x.path().equals(path)).findFirst().orElse(null);
            if (b == null) {
                reply(ex, 404, "no bulletin at '" + path + "'\n");
                return;
            }
            byte[] body = Files.readAllBytes(b.file());
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (ex.getRequestMethod().equals("GET")) ex.getResponseBody().write(body);
        } catch (IOException e) {
            Logger.tag("content").debug("request ended: {}", e.getMessage());
        }
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    /** An endless WAV (data size 0xFFFFFFFF), paced at real time, until the client leaves or the server closes. */
    private void live(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "audio/wav");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2).putInt(RATE)
                .putInt(RATE * 4).putShort((short) 4).putShort((short) 16);
        h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        out.write(h.array());
        ByteBuffer chunk = ByteBuffer.allocate(LIVE_CHUNK_FRAMES * 4).order(ByteOrder.LITTLE_ENDIAN);
        long frame = 0;
        // One second ahead at once (the listener's buffer fills), then one chunk per tick of the pacer.
        Semaphore credit = new Semaphore(LIVE_AHEAD_CHUNKS);
        streams.add(credit);
        try {
            while (!closed) {
                if (!credit.tryAcquire(1, TimeUnit.SECONDS)) continue;
                chunk.clear();
                for (int i = 0; i < LIVE_CHUNK_FRAMES; i++, frame++) {
                    short s = (short) Math.round(Math.sin(2 * Math.PI * LIVE_HZ * frame / RATE) * 0.3 * Short.MAX_VALUE);
                    chunk.putShort(s).putShort(s);
                }
                out.write(chunk.array());
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(credit);
        }
    }

    /** Called by the pacer every chunk's duration: each live stream may send one more chunk (credit capped). */
    private void pace() {
        for (Semaphore s : streams) {
            if (s.availablePermits() < LIVE_AHEAD_CHUNKS) s.release();
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        pacer.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
        Logger.tag("content").info("content server stopped");
    }

    /** Speech from the Debian package {@code espeak-ng}, when it is installed. */
    static final class Speech {
        private Speech() {
        }

        static boolean available() {
            return Files.isExecutable(Path.of("/usr/bin/espeak-ng"));
        }

        /** Writes {@code text} spoken in Vietnamese to {@code file}; false (and a log line) when espeak-ng fails. */
        static boolean write(String text, Path file) {
            try {
                Process p = new ProcessBuilder("/usr/bin/espeak-ng", "-v", "vi", "-s", "150", "-w", file.toString(), text)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(SPEECH_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    Logger.tag("content").warn("espeak-ng did not finish within {} s; using a tone", SPEECH_BOUND.toSeconds());
                    return false;
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(file) || Files.size(file) <= 44) {
                    Logger.tag("content").warn("espeak-ng failed (exit {}); using a tone", p.exitValue());
                    return false;
                }
                return true;
            } catch (IOException e) {
                Logger.tag("content").warn("espeak-ng cannot run: {}; using a tone", e.getMessage());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while generating speech", e));
            }
        }
    }
}
