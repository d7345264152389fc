package vn.loa.ota.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server (JDK HttpServer, 127.0.0.1, port 0) serving byte arrays with Range/If-Range and
 * ETags, that can misbehave deterministically: cut connections at seeded pseudo-random offsets, ignore Range,
 * replace a file after some bytes were served. Counts every body byte it actually sent.
 */
public final class FlakyHttpServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Random cuts;
    private volatile double cutProbability;
    private volatile boolean ignoreRange;
    private volatile String changePath;
    private volatile long changeAfter;
    private volatile byte[] changeTo;
    private volatile int cutCount;
    private final Map<String, Integer> cutOnce = new ConcurrentHashMap<>();

    public FlakyHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    public void put(String path, byte[] data) {
        files.put("/" + path, data);
        versions.merge("/" + path, 1, Integer::sum);
    }

    /** Each response is cut with probability {@code p} at a pseudo-random offset drawn from {@code seed}. */
    void cutRandomly(long seed, double p) {
        cuts = new Random(seed);
        cutProbability = p;
    }

    /** The next response for {@code path} is cut after {@code offset} body bytes. */
    void cutOnceAt(String path, int offset) {
        cutOnce.put("/" + path, offset);
    }

    void ignoreRange() {
        ignoreRange = true;
    }

    /** After {@code afterBytes} body bytes of {@code path} were sent, it becomes {@code data} (new ETag). */
    void changeAfter(String path, long afterBytes, byte[] data) {
        changePath = "/" + path;
        changeAfter = afterBytes;
        changeTo = data;
    }

    public long bytesSent(String path) {
        return sent.getOrDefault("/" + path, new AtomicLong()).get();
    }

    long totalBytesSent() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    int cuts() {
        return cutCount;
    }

    long requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        synchronized (this) {
            if (path.equals(changePath) && bytesSent(path.substring(1)) >= changeAfter && changeTo != null) {
                put(path.substring(1), changeTo);
                changeTo = null;
            }
        }
        byte[] data = files.get(path);
        if (data == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String etag = "\"v" + versions.get(path) + "\"";
        ex.getResponseHeaders().set("ETag", etag);
        ex.getResponseHeaders().set("Accept-Ranges", ignoreRange ? "none" : "bytes");
        int start = 0;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (range != null && !ignoreRange && (ifRange == null || ifRange.equals(etag))) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= data.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                    ex.sendResponseHeaders(416, -1);
                    ex.close();
                    return;
                }
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/" + data.length);
            }
        }
        int length = data.length - start;
        int toSend = length;
        Random r = cuts;
        if (r != null) {
            synchronized (r) {
                if (r.nextDouble() < cutProbability) toSend = r.nextInt(Math.max(1, length));
            }
        }
        Integer once = cutOnce.remove(path);
        if (once != null) toSend = Math.min(length, once);
        ex.sendResponseHeaders(status, length);
        AtomicLong counter = sent.computeIfAbsent(path, k -> new AtomicLong());
        OutputStream out = ex.getResponseBody();
        int pos = start;
        int end = start + toSend;
        while (pos < end) {
            int n = Math.min(8192, end - pos);
            out.write(data, pos, n);
            counter.addAndGet(n);
            pos += n;
        }
        if (toSend < length) {
            cutCount++;
            out.flush();
            // a handler that throws makes the JDK server close the connection: the client sees a cut
            throw new IOException("test server cuts the connection after " + toSend + " of " + length + " bytes");
        }
        out.close();
    }

    @Override public void close() {
        server.stop(0);
    }
}
