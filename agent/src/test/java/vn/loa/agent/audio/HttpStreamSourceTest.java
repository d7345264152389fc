package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.Clock;

class HttpStreamSourceTest {

    static final HttpSettings FAST = new HttpSettings(Duration.ofMillis(500), Duration.ofMillis(400), 1000, 5,
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(200));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach void tearDown() {
        timer.shutdownNow();
    }

    static byte[] audio(int n) {
        byte[] b = new byte[n];
        new Random(3).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xFB; // MPEG sync, so the body does not look like text
        return b;
    }

    static void headers(Socket s, String head) throws IOException {
        s.getInputStream().read(new byte[4096]);
        s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    HttpStreamSource source(String... urls) {
        return new HttpStreamSource(java.util.Arrays.stream(urls).map(URI::create).toList(), FAST, new Random(1),
                Clock.system(Clock.VIETNAM));
    }

    /** Runs fetch on a thread; returns a holder for its outcome (null = returned normally). */
    AtomicReference<Object> fetchAsync(HttpStreamSource src, FetchSink sink) {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                src.fetch(sink);
                out.set("returned");
            } catch (IOException e) {
                out.set(e);
            }
        });
        return out;
    }

    @Test void icy_stream_is_read_with_metadata_stripped_and_the_title_exposed() throws Exception {
        byte[] body = audio(10_000);
        int metaint = 1000;
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            headers(s, "ICY 200 OK\r\nicy-name: Loa test\r\ncontent-type: audio/mpeg\r\nicy-metaint: " + metaint + "\r\n\r\n");
            OutputStream o = s.getOutputStream();
            byte[] meta = "StreamTitle='Bản tin sáng';".getBytes(StandardCharsets.UTF_8);
            byte[] block = new byte[((meta.length + 15) / 16) * 16];
            System.arraycopy(meta, 0, block, 0, meta.length);
            for (int i = 0; i < body.length; i += metaint) {
                o.write(body, i, Math.min(metaint, body.length - i));
                o.write(i == 0 ? block.length / 16 : 0);
                if (i == 0) o.write(block);
            }
            o.flush();
        })) {
            HttpStreamSource src = source(server.url("/live"));
            CollectingSink sink = new CollectingSink(body.length);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> done.get() != null);
            assertThat(sink.bytes.toByteArray()).isEqualTo(body);
            assertThat(src.stats().title()).isEqualTo("Bản tin sáng");
            assertThat(sink.segments).containsExactly(server.url("/live") + " audio/mpeg");
        }
    }

    @Test void html_page_with_200_is_refused_with_a_clear_error() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> headers(s,
                "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>Page not found</body></html>"))) {
            HttpStreamSource src = source(server.url("/radio"));
            assertThatThrownBy(() -> src.fetch(new CollectingSink(100)))
                    .isInstanceOf(StreamException.class)
                    .hasMessage(server.url("/radio") + ": is not audio but 'text/html', starting '<html><body>Page not found</body></html>'");
        }
    }

    @Test void text_body_without_content_type_is_refused_too() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> headers(s,
                "HTTP/1.0 200 OK\r\n\r\nService temporarily unavailable, please try again later."))) {
            assertThatThrownBy(() -> source(server.url("/x")).fetch(new CollectingSink(100)))
                    .hasMessage(server.url("/x") + ": is not audio but text, starting 'Service temporarily unavailable, please'");
        }
    }

    @Test void redirect_loop_is_named_as_such() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            String req = new String(s.getInputStream().readNBytes(0));
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            String line = new String(buf, 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
            String next = line.startsWith("GET /a ") ? "/b" : "/a";
            s.getOutputStream().write(("HTTP/1.0 302 Found\r\nLocation: " + next + req + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        })) {
            assertThatThrownBy(() -> source(server.url("/a")).fetch(new CollectingSink(100)))
                    .hasMessage(server.url("/a") + ": redirect loop: " + server.url("/a") + " -> " + server.url("/b")
                            + " -> " + server.url("/a"));
        }
    }

    @Test void a_redirect_to_a_server_not_in_the_allow_list_is_refused_before_it_is_followed() throws Exception {
        java.util.concurrent.atomic.AtomicInteger elsewhere = new java.util.concurrent.atomic.AtomicInteger();
        try (TestStreamServer other = new TestStreamServer(0, s -> {
                 elsewhere.incrementAndGet();
                 headers(s, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
             });
             TestStreamServer server = new TestStreamServer(0, s -> headers(s, "HTTP/1.0 302 Found\r\nLocation: "
                     + other.url("/live.mp3?key=secret") + "\r\n\r\n"))) {
            URI listed = URI.create(server.url("/"));
            SourceAllowList allow = SourceAllowList.of(List.of("http://127.0.0.1:" + listed.getPort() + "/"));
            HttpSettings settings = new HttpSettings(FAST.connectTimeout(), FAST.noDataTimeout(), FAST.minBytesPerSecond(),
                    FAST.maxRedirects(), FAST.backoffInitial(), FAST.backoffMax(), FAST.primaryRetry(), allow);
            HttpStreamSource src = new HttpStreamSource(List.of(URI.create(server.url("/news"))), settings, new Random(1),
                    Clock.system(Clock.VIETNAM));
            assertThatThrownBy(() -> src.fetch(new CollectingSink(100)))
                    .hasMessage(server.url("/news") + ": redirected to a source " + other.url("/live.mp3") + "?… is not in "
                            + "audio.allowSources of loa.json (http://127.0.0.1:" + listed.getPort() + "/)");
            assertThat(elsewhere.get()).as("never connected to the unlisted server").isZero();
        }
    }

    @Test void more_than_five_redirects_are_refused() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            String path = new String(buf, 0, n, StandardCharsets.ISO_8859_1).split(" ")[1];
            int k = Integer.parseInt(path.substring(2));
            s.getOutputStream().write(("HTTP/1.0 301 Moved\r\nLocation: /r" + (k + 1) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        })) {
            assertThatThrownBy(() -> source(server.url("/r0")).fetch(new CollectingSink(100)))
                    .hasMessageStartingWith(server.url("/r0") + ": more than 5 redirects: " + server.url("/r0") + " -> ")
                    .hasMessageEndingWith(server.url("/r6"));
        }
    }

    @Test void forbidden_is_refused_with_the_status() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> headers(s, "HTTP/1.1 403 Forbidden\r\n\r\n"))) {
            assertThatThrownBy(() -> source(server.url("/secret")).fetch(new CollectingSink(100)))
                    .hasMessage(server.url("/secret") + ": HTTP 403 Forbidden");
        }
    }

    @Test void not_found_is_retried_since_an_icecast_mount_comes_back_when_its_source_does() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> headers(s, "HTTP/1.0 404 File Not Found\r\n\r\n"))) {
            HttpStreamSource src = source(server.url("/tone.mp3"));
            CollectingSink sink = new CollectingSink(100);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.accepted.get() >= 3);
            assertThat(src.stats().lastError()).isEqualTo(server.url("/tone.mp3") + ": HTTP 404 File Not Found");
            assertThat(done.get()).isNull();
            src.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
        }
    }

    @Test void a_server_whose_connection_queue_is_full_is_reported_as_a_connect_timeout_and_never_hangs() throws Exception {
        // a listening socket that never accepts, with its accept queue filled: the kernel drops further SYNs, so a
        // connect hangs exactly as to a host that has gone from the network
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> filling = new java.util.ArrayList<>();
            try {
                java.net.InetSocketAddress at = new java.net.InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
                boolean full = false;
                for (int i = 0; i < 32 && !full; i++) {
                    Socket s = new Socket();
                    filling.add(s);
                    try {
                        s.connect(at, 200);
                    } catch (java.net.SocketTimeoutException e) {
                        full = true;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(full,
                        "this kernel accepted 32 connections into a queue of 1; no way to make a connect hang on loopback");
                String url = "http://127.0.0.1:" + listener.getLocalPort() + "/live";
                HttpStreamSource src = source(url);
                CollectingSink sink = new CollectingSink(100);
                AtomicReference<Object> done = fetchAsync(src, sink);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(src.stats().lastError())
                        .as("reconnects %d", src.stats().reconnects()).isEqualTo(url + ": connect timed out after 500 ms"));
                assertThat(sink.size()).isZero();
                src.abort();
                await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
            } finally {
                for (Socket s : filling) s.close();
            }
        }
    }

    @Test void server_that_accepts_and_never_answers_is_timed_out_and_retried_never_hung() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> s.getInputStream().readAllBytes())) {
            HttpStreamSource src = source(server.url("/mute"));
            CollectingSink sink = new CollectingSink(100);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.accepted.get() >= 3);
            assertThat(src.stats().lastError()).isEqualTo(server.url("/mute") + ": no answer within 400 ms");
            sink.stop();
            src.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
        }
    }

    @Test void server_sending_headers_then_nothing_stalls_and_reconnects() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            headers(s, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
            s.getOutputStream().write(audio(100));
            s.getInputStream().readAllBytes();
        })) {
            HttpStreamSource src = source(server.url("/stall"));
            CollectingSink sink = new CollectingSink(1_000_000);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> src.stats().reconnects() >= 2);
            assertThat(src.stats().lastError()).isEqualTo(server.url("/stall") + ": no data for 400 ms");
            src.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
        }
    }

    @Test void server_sending_one_byte_at_a_time_is_dropped_as_too_slow() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            headers(s, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
            OutputStream o = s.getOutputStream();
            o.write(audio(2));
            var f = timer.scheduleAtFixedRate(() -> {
                try {
                    o.write(0x55);
                    o.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 50, 50, TimeUnit.MILLISECONDS);
            s.getInputStream().readAllBytes();
            f.cancel(true);
        })) {
            HttpStreamSource src = source(server.url("/slow"));
            CollectingSink sink = new CollectingSink(1_000_000);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> src.stats().lastError().contains("too slow"));
            assertThat(src.stats().lastError()).matches(java.util.regex.Pattern.quote(server.url("/slow"))
                    + ": too slow: \\d+ bytes in 0\\.\\d s \\(below 1000 B/s\\)");
            src.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
        }
    }

    @Test void fails_over_to_the_second_url_and_returns_to_the_primary_when_it_is_back() throws Exception {
        byte[] chunk = audio(4096);
        TestStreamServer.Handler stream = s -> {
            headers(s, "ICY 200 OK\r\ncontent-type: audio/mpeg\r\n\r\n");
            OutputStream o = s.getOutputStream();
            while (true) o.write(chunk); // blocks while the client buffer is full; ends when the socket closes
        };
        int primaryPort;
        try (TestStreamServer probe = new TestStreamServer(0, s -> { })) {
            primaryPort = probe.port();
        }
        try (TestStreamServer backup = new TestStreamServer(0, stream)) {
            String primaryUrl = "http://127.0.0.1:" + primaryPort + "/main";
            HttpStreamSource src = source(primaryUrl, backup.url("/backup"));
            CollectingSink sink = new CollectingSink(Integer.MAX_VALUE);
            AtomicReference<Object> done = fetchAsync(src, sink);
            await().atMost(Duration.ofSeconds(10)).until(() -> src.stats().currentUrl().equals(backup.url("/backup")));
            try (TestStreamServer primary = new TestStreamServer(primaryPort, stream)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> src.stats().currentUrl().equals(primaryUrl));
                assertThat(src.stats().failovers()).isGreaterThanOrEqualTo(1);
                assertThat(sink.segments).containsSubsequence(backup.url("/backup") + " audio/mpeg", primaryUrl + " audio/mpeg");
                src.abort();
                sink.stop();
                await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
            }
        }
    }

    @Test void unsupported_scheme_is_refused_quoting_it() {
        assertThatThrownBy(() -> source("ftp://example.org/a.mp3").fetch(new CollectingSink(1)))
                .hasMessage("ftp://example.org/a.mp3: expected URL scheme 'http' or 'https' but was 'ftp'");
    }

    @Test void backoff_doubles_to_its_cap_with_bounded_jitter_and_is_reproducible() {
        Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(99));
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(99));
        long[] base = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long x : base) {
            Duration d = a.next();
            assertThat(d).isEqualTo(b.next());
            assertThat(d.toMillis()).isBetween((long) (x * 0.8), Math.min(30_000, (long) (x * 1.2)));
        }
        a.reset();
        assertThat(a.next().toMillis()).isBetween(800L, 1200L);
        assertThat(List.of(a.attempts())).containsExactly(1);
    }

    @Test void a_file_served_over_http_that_is_cut_short_is_an_error_naming_how_much_arrived() throws Exception {
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            headers(s, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 5000\r\n\r\n");
            s.getOutputStream().write(audio(1200));
        })) {
            CollectingSink sink = new CollectingSink(100_000);
            assertThatThrownBy(() -> source(server.url("/bulletin.mp3")).fetch(sink))
                    .hasMessage(server.url("/bulletin.mp3") + ": connection closed after 1200 of 5000 bytes");
            assertThat(sink.size()).isEqualTo(1200);
        }
    }

    @Test void a_file_served_over_http_ends_the_fetch_at_its_length() throws Exception {
        byte[] body = audio(5000);
        try (TestStreamServer server = new TestStreamServer(0, s -> {
            headers(s, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 5000\r\n\r\n");
            s.getOutputStream().write(body);
        })) {
            CollectingSink sink = new CollectingSink(100_000);
            HttpStreamSource src = source(server.url("/bulletin.mp3"));
            src.fetch(sink);
            assertThat(sink.bytes.toByteArray()).isEqualTo(body);
            assertThat(src.live()).isFalse();
        }
    }
}
