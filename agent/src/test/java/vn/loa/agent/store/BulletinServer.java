package vn.loa.agent.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP peer on 127.0.0.1, port 0, serving bulletins with {@code Range} support. {@link #truncateNext}
 * makes the next response stop half-way (Content-Length promises the whole). Records each request's Range header.
 */
public final class BulletinServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final AtomicInteger truncate = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch stall;
    private final AtomicInteger stalled = new AtomicInteger();

    public BulletinServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI put(String path, byte[] body) {
        files.put(path, body);
        return uri(path);
    }

    /** Requests for {@code path} get a 302 to {@code to}. */
    public URI redirect(String path, URI to) {
        redirects.put(path, to);
        return uri(path);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next response sends half its body, then goes silent until {@code release} opens (10 s at most). */
    public void stallNext(java.util.concurrent.CountDownLatch release) {
        stall = release;
    }

    /** Responses that have gone silent so far. */
    public int stalled() {
        return stalled.get();
    }

    public void truncateNext(int times) {
        truncate.set(times);
    }

    /** The Range header of each request ("-" when none), in order. */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    public int requests() {
        return requests.get();
    }

    public static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    public static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            URI to = redirects.get(ex.getRequestURI().getPath());
            if (to != null) {
                ex.getResponseHeaders().add("Location", to.toString());
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = files.get(ex.getRequestURI().getPath());
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "-" : range);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            int from = 0;
            int status = 200;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                if (from >= body.length) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            int len = body.length - from;
            ex.sendResponseHeaders(status, len);
            OutputStream out = ex.getResponseBody();
            java.util.concurrent.CountDownLatch hold = stall;
            if (hold != null) {
                stall = null;
                out.write(body, from, len / 2);
                out.flush();
                stalled.incrementAndGet();
                try {
                    hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("test server gives up a stalled response");
            }
            if (truncate.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                out.write(body, from, len / 2);
                out.flush();
                throw new IOException("test server cuts the response half-way");
            }
            out.write(body, from, len);
        }
    }

    @Override public void close() {
        server.stop(0);
    }
}
