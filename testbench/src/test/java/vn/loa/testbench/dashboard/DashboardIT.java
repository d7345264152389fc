package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;

class DashboardIT {

    private FakeStation station;
    private Dashboard dashboard;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        station = new FakeStation();
        dashboard = Dashboard.builder(station, station).port(0).refresh(Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        dashboard.close();
        http.close();
    }

    private HttpResponse<String> post(String body, String token, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.url().resolve("/action")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) b.header(Dashboard.TOKEN_HEADER, token);
        if (origin != null) b.header("Origin", origin);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void it_listens_on_loopback_and_serves_a_self_contained_page_with_its_token() throws Exception {
        assertThat(dashboard.url().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(dashboard.url()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<meta name=\"loa-token\" content=\"" + dashboard.token() + "\">")
                .doesNotContain("__LOA_").doesNotContain("http://").doesNotContain("https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    }

    @Test
    void a_non_loopback_address_is_refused() {
        assertThatThrownBy(() -> Dashboard.builder(station, station).address(new InetSocketAddress("0.0.0.0", 0)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dashboard address '0.0.0.0' is not loopback; the dashboard has no login and listens on 127.0.0.1 or ::1 only");
    }

    @Test
    void an_action_with_the_token_reaches_the_station() throws Exception {
        HttpResponse<String> r = post("{\"action\":\"fire\",\"target\":\"rx-2\",\"level\":\"emergency\"}", dashboard.token(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\":true,\"message\":\"fired emergency-1\"}");
        assertThat(station.airing("rx-2", Level.EMERGENCY)).isTrue();
    }

    /** Every button's action, as the page posts it, reaches the station as its Action. */
    @Test
    void every_action_the_page_posts_reaches_the_station() throws Exception {
        java.util.Map<String, Action> posts = new java.util.LinkedHashMap<>();
        posts.put("{\"action\":\"fire\",\"target\":\"all\",\"level\":\"normal\"}", new Action.Fire(Target.ALL, Level.NORMAL));
        posts.put("{\"action\":\"stop\",\"target\":\"all\"}", new Action.Stop(Target.ALL));
        posts.put("{\"action\":\"stop\",\"target\":\"rx-2\"}", new Action.Stop(new Target.One("rx-2")));
        posts.put("{\"action\":\"volume\",\"target\":\"rx-1\",\"volume\":40}", new Action.SetVolume(new Target.One("rx-1"), 40));
        posts.put("{\"action\":\"mains\",\"receiver\":\"rx-1\",\"present\":false}", new Action.SetMains("rx-1", false));
        posts.put("{\"action\":\"door\",\"receiver\":\"rx-1\",\"open\":true}", new Action.SetDoor("rx-1", true));
        posts.put("{\"action\":\"amplifier-fault\",\"receiver\":\"rx-1\",\"fault\":true}", new Action.SetAmplifierFault("rx-1", true));
        posts.put("{\"action\":\"network\",\"receiver\":\"rx-3\",\"up\":false}", new Action.SetNetwork("rx-3", false));
        posts.put("{\"action\":\"network-delay\",\"receiver\":\"rx-3\",\"millis\":250}", new Action.SetNetworkDelay("rx-3", 250));
        posts.put("{\"action\":\"network-jitter\",\"receiver\":\"rx-3\",\"millis\":40}", new Action.SetNetworkJitter("rx-3", 40));
        posts.put("{\"action\":\"network-loss\",\"receiver\":\"rx-3\",\"percent\":20}", new Action.SetNetworkLoss("rx-3", 20));
        posts.put("{\"action\":\"network-bandwidth\",\"receiver\":\"rx-3\",\"bytesPerSecond\":8000}",
                new Action.SetNetworkBandwidth("rx-3", 8000));
        posts.put("{\"action\":\"network-blackhole\",\"receiver\":\"rx-3\",\"blackhole\":true}", new Action.SetNetworkBlackhole("rx-3", true));
        posts.put("{\"action\":\"network-rebind\",\"receiver\":\"rx-3\"}", new Action.RebindNat("rx-3"));
        posts.put("{\"action\":\"network-reset\",\"receiver\":\"rx-3\"}", new Action.ResetConnections("rx-3"));
        posts.put("{\"action\":\"disk\",\"receiver\":\"rx-2\",\"full\":true}", new Action.SetDiskFull("rx-2", true));
        posts.put("{\"action\":\"update\",\"target\":\"rx-1\",\"broken\":true}", new Action.PushUpdate(new Target.One("rx-1"), true));
        for (var p : posts.entrySet()) {
            HttpResponse<String> r = post(p.getKey(), dashboard.token(), null);
            assertThat(r.statusCode()).as(p.getKey()).isEqualTo(200);
            assertThat(r.body()).as(p.getKey()).startsWith("{\"ok\":true,");
        }
        assertThat(station.performed).containsExactlyElementsOf(posts.values());
        // Every kind of action has a control on the page (the network control builds 'network-' + its kind).
        String page = http.send(HttpRequest.newBuilder(dashboard.url()).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (Action a : posts.values()) {
            String word = a.word();
            boolean onPage = page.contains("action: '" + word + "'")
                    || word.startsWith("network-") && page.contains("['" + word.substring("network-".length()) + "', ");
            assertThat(onPage).as("a control for '" + word + "' on the page").isTrue();
        }
    }

    @Test
    void an_action_without_or_with_a_wrong_token_is_refused_and_not_performed() throws Exception {
        String fire = "{\"action\":\"fire\",\"target\":\"all\",\"level\":\"emergency\"}";
        HttpResponse<String> none = post(fire, null, null);
        HttpResponse<String> wrong = post(fire, "0".repeat(32), null);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("missing or wrong X-Loa-Token; reload the dashboard page");
        assertThat(station.performed).isEmpty();
    }

    @Test
    void an_action_from_another_origin_is_refused_even_with_the_token() throws Exception {
        HttpResponse<String> r = post("{\"action\":\"update\",\"target\":\"all\"}", dashboard.token(), "http://evil.example");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("request from origin 'http://evil.example'");
        assertThat(station.performed).isEmpty();
    }

    @Test
    void a_request_for_another_host_name_is_refused_against_dns_rebinding() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", dashboard.port()), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /state HTTP/1.1\r\nHost: attacker.example:" + dashboard.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 403").contains("Host 'attacker.example:" + dashboard.port() + "'");
        }
    }

    @Test
    void a_bad_action_is_answered_with_the_problem() throws Exception {
        HttpResponse<String> r = post("{\"action\":\"fire\",\"target\":\"all\",\"level\":\"loud\"}", dashboard.token(), null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("action: level 'loud' is not a level (background, normal, priority, emergency)");
    }

    @Test
    void a_refused_action_says_why() throws Exception {
        HttpResponse<String> r = post("{\"action\":\"mains\",\"receiver\":\"rx-9\",\"present\":false}", dashboard.token(), null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("pull mains of rx-9 refused: no receiver 'rx-9'");
    }

    @Test
    void the_event_stream_sends_the_view_and_then_each_change() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String first = nextData(in);
            assertThat(first).contains("\"id\":\"rx-1\"").contains("\"id\":\"rx-3\"").contains("\"playing\":null");
            station.perform(new Action.Fire(Target.ALL, Level.PRIORITY));
            String second = nextData(in);
            assertThat(second).contains("\"level\":\"priority\"");
        }
    }

    private static String nextData(BufferedReader in) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    String line = in.readLine();
                    if (line == null) return "end of stream";
                    if (line.startsWith("data: ")) return line.substring(6);
                }
                return "no data line in 100 lines";
            } catch (IOException e) {
                return e.toString();
            }
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void closing_ends_every_event_stream_and_frees_the_port() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(dashboard.url().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            nextData(in);
            assertThat(dashboard.watchers()).isEqualTo(1);
            int port = dashboard.port();
            dashboard.close();
            assertThat(nextData(in)).isIn("end of stream", "java.io.IOException: closed");
            try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void state_is_the_current_view_as_json() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).startsWith("{\"at\":\"2026-01-05T01:00:00Z\",\"receivers\":[{\"id\":\"rx-1\"");
    }
}
