package vn.loa.testbench.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.hal.json.ConfigException;

/**
 * The technician's web page for a station: one self-contained HTML page (no external resources) that shows
 * every receiver live through Server-Sent Events and offers the console's {@link Action}s as buttons.
 *
 * <p>Routes: {@code GET /} the page; {@code GET /events} the event stream (an event {@code station} with the
 * {@link StationView} as JSON whenever it changes, a comment line as keep-alive); {@code GET /state} the current
 * view as JSON; {@code POST /action} one action in its JSON form ({@link Action#fromJson}), answered with
 * {@code {"ok": true|false, "message": "..."}}.
 *
 * <p>Safety: it listens on loopback only. A POST must carry the per-run random token embedded in the page
 * (header {@code X-Loa-Token}), a loopback {@code Host} and, when present, a loopback {@code Origin}: another
 * page open in the same browser cannot press the buttons (no CSRF), and DNS rebinding gets nowhere.
 *
 * <p>Lifecycle: {@link Builder#build()} binds and starts it; {@link #close()} ends every event stream, stops the
 * server and its threads. The source is read on the dashboard's refresh thread; actions run on HTTP worker
 * threads (virtual threads, one per request).
 */
public final class Dashboard implements AutoCloseable {

    /** The header a POST must carry with the page's token. */
    public static final String TOKEN_HEADER = "X-Loa-Token";
    private static final int MAX_BODY = 16 * 1024;
    private static final String CLOSE = "\u0000close";

    private final StationSource source;
    private final Actions actions;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService refresher;
    private final String token;
    private final String page;
    private final Duration keepAlive;
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private final URI url;
    private volatile String lastJson;
    private volatile String lastSourceProblem;
    private volatile boolean closed;

    private Dashboard(Builder b) {
        this.source = b.source;
        this.actions = b.actions;
        this.keepAlive = b.keepAlive;
        SecureRandom random = new SecureRandom();
        this.token = randomHex(random, 16);
        String nonce = randomHex(random, 16);
        this.page = loadPage().replace("__LOA_TOKEN__", token).replace("__LOA_NONCE__", nonce)
                .replace("__LOA_TITLE__", escapeHtml(b.title));
        try {
            this.server = HttpServer.create(b.address, 50);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard cannot listen on " + b.address.getHostString() + ":"
                    + b.address.getPort() + ": " + e.getMessage() + " (is another ./loa sim running? try --port)", e);
        }
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        this.url = URI.create("http://" + host + ":" + bound.getPort() + "/");
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, b.refresh.toMillis(), TimeUnit.MILLISECONDS);
        Logger.tag("dashboard").info("dashboard at {}", url);
    }

    /** A builder for a dashboard over {@code source} that sends button presses to {@code actions}. */
    public static Builder builder(StationSource source, Actions actions) {
        return new Builder(source, actions);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The per-run token; package-private so only tests read it (people get it inside the page). */
    String token() {
        return token;
    }

    /** Number of open event streams (pages currently watching). */
    public int watchers() {
        return streams.size();
    }

    private void refresh() {
        String json;
        try {
            json = StationJson.render(source.snapshot());
            lastSourceProblem = null;
        } catch (RuntimeException e) {
            String problem = String.valueOf(e);
            if (!problem.equals(lastSourceProblem)) {
                Logger.tag("dashboard").warn("the station view cannot be read: {}", problem);
                lastSourceProblem = problem;
            }
            return;
        }
        if (json.equals(lastJson)) return;
        lastJson = json;
        for (BlockingQueue<String> q : streams) offerLatest(q, json);
    }

    private static void offerLatest(BlockingQueue<String> q, String msg) {
        // Only the newest view matters: a slow page skips intermediate ones instead of growing a backlog.
        while (!q.offer(msg)) q.poll();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (!loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain", "Host '" + ex.getRequestHeaders().getFirst("Host")
                        + "' is not this machine's loopback address; open " + url + " instead");
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "/index.html" -> {
                    if (!requireMethod(ex, "GET")) return;
                    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; "
                            + "script-src 'nonce-" + nonceOf(page) + "'; style-src 'nonce-" + nonceOf(page) + "'; "
                            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'");
                    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
                    ex.getResponseHeaders().set("Cache-Control", "no-store");
                    send(ex, 200, "text/html; charset=utf-8", page);
                }
                case "/state" -> {
                    if (!requireMethod(ex, "GET")) return;
                    send(ex, 200, "application/json", StationJson.render(source.snapshot()));
                }
                case "/events" -> {
                    if (!requireMethod(ex, "GET")) return;
                    stream(ex);
                }
                case "/action" -> {
                    if (!requireMethod(ex, "POST")) return;
                    action(ex);
                }
                default -> send(ex, 404, "text/plain", "no page '" + path + "' here; the dashboard is at " + url);
            }
        } catch (IOException e) {
            // the browser went away mid-response: nothing to do
        }
    }

    private static String nonceOf(String page) {
        int i = page.indexOf("nonce=\"") + 7;
        return page.substring(i, page.indexOf('"', i));
    }

    private boolean requireMethod(HttpExchange ex, String method) throws IOException {
        if (ex.getRequestMethod().equals(method)) return true;
        ex.getResponseHeaders().set("Allow", method);
        send(ex, 405, "text/plain", ex.getRequestMethod() + " is not allowed on " + ex.getRequestURI().getPath()
                + "; use " + method);
        return false;
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        BlockingQueue<String> q = new ArrayBlockingQueue<>(4);
        streams.add(q);
        try {
            OutputStream out = ex.getResponseBody();
            out.write(("retry: 1000\n\n").getBytes(StandardCharsets.UTF_8));
            String first = lastJson;
            if (first != null) offerLatest(q, first);
            while (!closed) {
                String msg = q.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                if (msg == CLOSE) break;
                String frame = msg == null ? ": keep-alive\n\n" : "event: station\ndata: " + msg + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(q);
        }
    }

    private void action(HttpExchange ex) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null && !loopbackOrigin(origin)) {
            reply(ex, 403, false, "refused: request from origin '" + origin + "', not from this dashboard");
            return;
        }
        String given = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            reply(ex, 403, false, "refused: missing or wrong " + TOKEN_HEADER + "; reload the dashboard page");
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            reply(ex, 413, false, "refused: action body larger than " + MAX_BODY + " bytes");
            return;
        }
        Action a;
        try {
            a = Action.fromJson(new String(body, StandardCharsets.UTF_8), "action");
        } catch (ConfigException e) {
            reply(ex, 400, false, e.getMessage());
            return;
        }
        ActionResult r;
        try {
            r = actions.perform(a);
        } catch (RuntimeException e) {
            Logger.tag("dashboard").error(e, "{} failed", a.describe());
            reply(ex, 500, false, a.describe() + " failed: " + e);
            return;
        }
        switch (r) {
            case ActionResult.Done d -> {
                Logger.tag("dashboard").info("{}: {}", a.describe(), d.message());
                reply(ex, 200, true, d.message());
            }
            case ActionResult.Refused f -> {
                Logger.tag("dashboard").info("{} refused: {}", a.describe(), f.reason());
                reply(ex, 409, false, a.describe() + " refused: " + f.reason());
            }
        }
        refresher.execute(this::refresh);
    }

    private void reply(HttpExchange ex, int status, boolean ok, String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok);
        m.put("message", message);
        send(ex, status, "application/json", com.fasterxml.jackson.jr.ob.JSON.std.asString(m));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private boolean loopbackHost(String host) {
        if (host == null) return false;
        int port = port();
        return host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port) || host.equals("[::1]:" + port);
    }

    private boolean loopbackOrigin(String origin) {
        return origin.startsWith("http://") && loopbackHost(origin.substring("http://".length()));
    }

    private static String loadPage() {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            if (in == null) throw new IllegalStateException("dashboard.html is missing from the testbench jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard.html cannot be read", e);
        }
    }

    private static String randomHex(SecureRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Ends every event stream, stops the server and the refresh thread. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        refresher.shutdownNow();
        for (BlockingQueue<String> q : streams) offerLatest(q, CLOSE);
        server.stop(0);
        workers.shutdownNow();
        Logger.tag("dashboard").info("dashboard at {} stopped", url);
    }

    /** Options of a {@link Dashboard}; defaults are filled in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final StationSource source;
        private final Actions actions;
        private InetSocketAddress address;
        private Duration refresh;
        private Duration keepAlive;
        private String title;

        private Builder(StationSource source, Actions actions) {
            this.source = Objects.requireNonNull(source, "source");
            this.actions = Objects.requireNonNull(actions, "actions");
        }

        /** The loopback address to listen on. By default {@code 127.0.0.1:8080}; port 0 picks a free one. */
        public Builder address(InetSocketAddress address) {
            this.address = address;
            return this;
        }

        /** Listen on {@code 127.0.0.1} at this port (0 for a free one). By default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("dashboard port " + port + " outside 0..65535");
            this.address = new InetSocketAddress("127.0.0.1", port);
            return this;
        }

        /** How often the station view is read and, when it changed, pushed to pages. By default 250 ms. */
        public Builder refresh(Duration d) {
            this.refresh = d;
            return this;
        }

        /** How long an event stream may stay silent before a keep-alive comment. By default 15 s. */
        public Builder keepAlive(Duration d) {
            this.keepAlive = d;
            return this;
        }

        /** The page's title. By default {@code Loa testbench}. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /**
         * Binds and starts the dashboard. An address that is not loopback is refused (it has no login); a port
         * in use is an {@link UncheckedIOException} that says so.
         */
        public Dashboard build() {
            if (address == null) address = new InetSocketAddress("127.0.0.1", 8080);
            if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("dashboard address '" + address.getHostString()
                        + "' is not loopback; the dashboard has no login and listens on 127.0.0.1 or ::1 only");
            }
            if (refresh == null) refresh = Duration.ofMillis(250);
            if (keepAlive == null) keepAlive = Duration.ofSeconds(15);
            if (title == null) title = "Loa testbench";
            if (refresh.isNegative() || refresh.isZero()) throw new IllegalArgumentException("dashboard refresh " + refresh + " must be positive");
            if (keepAlive.isNegative() || keepAlive.isZero()) throw new IllegalArgumentException("dashboard keepAlive " + keepAlive + " must be positive");
            return new Dashboard(this);
        }
    }
}
