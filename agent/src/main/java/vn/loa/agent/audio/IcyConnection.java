package vn.loa.agent.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.0 GET over a plain or TLS socket that also accepts SHOUTcast's {@code ICY 200 OK} (which the
 * JDK HttpClient rejects). Follows up to {@code maxRedirects} redirects (a loop is named as such), refuses
 * non-200 answers and HTML/text bodies, asks for ICY metadata and strips it from the body. HTTP/1.0 keeps
 * servers from chunking. Used by one fetch thread; {@link #close()} may come from another to unblock it.
 */
final class IcyConnection implements Closeable {

    static final int MAX_HEADER_BYTES = 32 * 1024;
    /** Socket read timeout; the caller checks its own no-data deadline between reads. */
    static final int READ_POLL_MS = 200;

    final URI url;
    final String contentType;
    final long contentLength;
    final int metaInt;
    final boolean live;
    private final Socket socket;
    private final BufferedInputStream in;
    private int untilMeta;
    private volatile String title = "";
    /** What ffmpeg must decode here (from the content type and first bytes), or {@code null}. */
    private String ffmpegFormat;

    private IcyConnection(URI url, Socket socket, BufferedInputStream in, Map<String, String> headers) {
        this.url = url;
        this.socket = socket;
        this.in = in;
        this.contentType = headers.getOrDefault("content-type", "");
        long len = -1;
        try {
            len = Long.parseLong(headers.getOrDefault("content-length", "-1").trim());
        } catch (NumberFormatException e) {
            len = -1;
        }
        this.contentLength = len;
        int mi = 0;
        try {
            mi = Integer.parseInt(headers.getOrDefault("icy-metaint", "0").trim());
        } catch (NumberFormatException e) {
            mi = 0;
        }
        this.metaInt = mi;
        this.untilMeta = mi;
        this.live = len < 0 || headers.keySet().stream().anyMatch(k -> k.startsWith("icy-"));
    }

    /** Connects, follows redirects and checks the answer; throws {@link StreamException} naming the URL. */
    static IcyConnection open(URI start, HttpSettings s, SSLSocketFactory tls) throws StreamException {
        List<URI> chain = new ArrayList<>();
        URI url = start;
        while (true) {
            chain.add(url);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new StreamException(start + ": expected URL scheme 'http' or 'https' but was '" + scheme + "'", true);
            }
            if (url.getHost() == null) throw new StreamException(start + ": URL has no host", true);
            Socket socket = null;
            try {
                socket = connect(url, scheme.equals("https") ? tls : null, s);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, s.noDataTimeout().toMillis()));
                OutputStream out = socket.getOutputStream();
                String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
                if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
                String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
                String req = "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: Loa/0.1\r\n"
                        + "Accept: */*\r\nIcy-MetaData: 1\r\nConnection: close\r\n\r\n";
                out.write(req.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                String status = readLine(in, url);
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !(parts[0].startsWith("HTTP/") || parts[0].equals("ICY"))) {
                    throw new StreamException(url + ": not an HTTP or ICY answer: '" + clip(status) + "'", true);
                }
                int code;
                try {
                    code = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new StreamException(url + ": bad status line '" + clip(status) + "'", true);
                }
                Map<String, String> headers = readHeaders(in, url);
                if (code >= 300 && code < 400 && headers.containsKey("location")) {
                    socket.close();
                    URI next = url.resolve(headers.get("location").trim());
                    if (chain.contains(next)) {
                        throw new StreamException(start + ": redirect loop: " + describeChain(chain, next), true);
                    }
                    java.util.Optional<String> refused = s.allow().refusal(next);
                    if (refused.isPresent()) {
                        throw new StreamException(vn.loa.ota.download.ShownUri.of(start) + ": redirected to a "
                                + refused.get(), true);
                    }
                    if (chain.size() > s.maxRedirects()) {
                        throw new StreamException(start + ": more than " + s.maxRedirects() + " redirects: "
                                + describeChain(chain, next), true);
                    }
                    url = next;
                    continue;
                }
                if (code != 200) {
                    String reason = parts.length > 2 ? " " + parts[2] : "";
                    throw new StreamException(url + ": HTTP " + code + reason, permanentStatus(code));
                }
                IcyConnection c = new IcyConnection(url, socket, in, headers);
                c.refuseNonAudio();
                socket.setSoTimeout(READ_POLL_MS);
                return c;
            } catch (StreamException e) {
                closeQuietly(socket);
                throw e;
            } catch (UnknownHostException e) {
                closeQuietly(socket);
                throw new StreamException(url + ": unknown host '" + url.getHost() + "'", false);
            } catch (ConnectException e) {
                closeQuietly(socket);
                throw new StreamException(url + ": connection refused or unreachable (" + e.getMessage() + ")", false);
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                throw new StreamException(url + ": no answer within " + s.noDataTimeout().toMillis() + " ms", false);
            } catch (javax.net.ssl.SSLException e) {
                closeQuietly(socket);
                // transient: a receiver whose clock is not set yet sees valid certificates as not yet valid
                throw new StreamException(url + ": TLS handshake failed: " + e.getMessage(), false);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new StreamException(url + ": " + e, false);
            }
        }
    }

    /**
     * 4xx answers will not change by retrying, except 404 (an Icecast mount whose source is down right now),
     * 408 and 429; 5xx are worth a retry.
     */
    static boolean permanentStatus(int code) {
        return code >= 400 && code < 500 && code != 404 && code != 408 && code != 429;
    }

    private static Socket connect(URI url, SSLSocketFactory tls, HttpSettings s) throws IOException {
        int port = url.getPort() > 0 ? url.getPort() : (tls != null ? 443 : 80);
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(url.getHost(), port), (int) s.connectTimeout().toMillis());
        } catch (SocketTimeoutException e) {
            plain.close();
            throw new StreamException(url + ": connect timed out after " + s.connectTimeout().toMillis() + " ms", false);
        }
        if (tls == null) return plain;
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, url.getHost(), port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.setSoTimeout((int) s.connectTimeout().toMillis());
        ssl.startHandshake();
        return ssl;
    }

    private void refuseNonAudio() throws StreamException {
        try {
            in.mark(PcmDecoder.SNIFF_BYTES);
            byte[] head = new byte[PcmDecoder.SNIFF_BYTES];
            int n = 0;
            int limit = metaInt > 0 ? Math.min(metaInt, head.length) : head.length;
            while (n < limit) {
                int r = in.read(head, n, limit - n);
                if (r < 0) break;
                n += r;
            }
            in.reset();
            byte[] got = java.util.Arrays.copyOf(head, n);
            String ct = contentType.toLowerCase(Locale.ROOT);
            ffmpegFormat = PcmDecoder.ffmpegFormat(got, ct);
            if (ffmpegFormat != null) return;
            if (ct.startsWith("text/") || ct.contains("html") || ct.contains("json") || (n > 0 && PcmDecoder.looksLikeText(got))) {
                throw new StreamException(url + ": is not audio but " + (ct.isEmpty() ? "text" : "'" + contentType + "'")
                        + ", starting '" + PcmDecoder.quote(got) + "'", true);
            }
        } catch (SocketTimeoutException e) {
            // no body yet: the caller's no-data timeout takes it from here; the content type alone decides
            ffmpegFormat = PcmDecoder.ffmpegFormat(new byte[0], contentType);
            try {
                in.reset();
            } catch (IOException ignored) {
                // mark lost; nothing was consumed
            }
        } catch (StreamException e) {
            throw e;
        } catch (IOException e) {
            throw new StreamException(url + ": " + e, false);
        }
    }

    private static String describeChain(List<URI> chain, URI next) {
        StringBuilder sb = new StringBuilder();
        for (URI u : chain) sb.append(u).append(" -> ");
        return sb.append(next).toString();
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static String readLine(InputStream in, URI url) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) throw new StreamException(url + ": server closed the connection without an answer", false);
                break;
            }
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 8192) throw new StreamException(url + ": header line longer than 8192 bytes", true);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> readHeaders(InputStream in, URI url) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine(in, url);
            if (line.isEmpty()) return h;
            total += line.length();
            if (total > MAX_HEADER_BYTES) throw new StreamException(url + ": headers larger than " + MAX_HEADER_BYTES + " bytes", true);
            int colon = line.indexOf(':');
            if (colon > 0) h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /**
     * {@code "AAC (ADTS)"}, {@code "MP4/M4A"}, {@code "an HLS playlist"} when the content type or the first bytes
     * say only ffmpeg can decode this body; {@code null} otherwise.
     */
    String ffmpegFormat() {
        return ffmpegFormat;
    }

    String title() {
        return title;
    }

    /**
     * Reads audio bytes, with ICY metadata removed. Returns -1 at the end of the body, 0 when nothing arrived
     * within {@value #READ_POLL_MS} ms.
     */
    int read(byte[] b, int off, int len) throws IOException {
        try {
            if (metaInt > 0 && untilMeta == 0) {
                int lenByte = in.read();
                if (lenByte < 0) return -1;
                int metaLen = lenByte * 16;
                if (metaLen > 0) {
                    byte[] meta = in.readNBytes(metaLen);
                    if (meta.length < metaLen) return -1;
                    parseTitle(new String(meta, StandardCharsets.UTF_8));
                }
                untilMeta = metaInt;
            }
            int want = metaInt > 0 ? Math.min(len, untilMeta) : len;
            int n = in.read(b, off, want);
            if (n > 0 && metaInt > 0) untilMeta -= n;
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    private void parseTitle(String meta) {
        int i = meta.indexOf("StreamTitle='");
        if (i < 0) return;
        int end = meta.indexOf("';", i + 13);
        if (end < 0) end = meta.lastIndexOf('\'');
        if (end > i + 13) title = meta.substring(i + 13, end).trim();
        else if (end == i + 13) title = "";
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a broken socket
        }
    }

    @Override public void close() {
        closeQuietly(socket);
    }
}
