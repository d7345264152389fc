package vn.loa.testbench.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver JSON protocol on a loopback port: a few
 * HTTP calls are all these tests need, so no Selenium. Owns the chromedriver process it starts (and through
 * it the browser); {@link #close()} ends both.
 */
final class WebDriverSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String session;

    /** Skips the calling test, loudly, when Chromium or ChromeDriver is missing. */
    static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(),
                "SKIPPED: headless browser test needs the Debian packages 'chromium' and 'chromium-driver' "
                        + "(/usr/bin/chromium, /usr/bin/chromedriver); install them to run it");
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriverSession(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("chromedriver.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port + "/");
        try {
            await("chromedriver ready on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> Boolean.TRUE.equals(value(call("GET", "status", null)).get("ready")));
            Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
            Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of(
                            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile)))));
            session = (String) value(call("POST", "session", caps)).get("sessionId");
        } catch (RuntimeException | IOException e) {
            stopDriver();
            throw e;
        }
    }

    void navigate(URI url) throws IOException {
        call("POST", "session/" + session + "/url", Map.of("url", url.toString()));
    }

    /** Runs {@code script} (a function body; use {@code return}) in the page and returns its JSON value. */
    Object script(String script) throws IOException {
        return call("POST", "session/" + session + "/execute/sync", Map.of("script", script, "args", List.of())).get("value");
    }

    void click(String css) throws IOException {
        Map<String, Object> found = call("POST", "session/" + session + "/element",
                Map.of("using", "css selector", "value", css));
        Object id = value(found).get(ELEMENT);
        if (id == null) throw new IOException("WebDriver found no element id for '" + css + "' in " + found);
        call("POST", "session/" + session + "/element/" + id + "/click", Map.of());
    }

    void screenshot(Path png) throws IOException {
        Files.createDirectories(png.getParent());
        String b64 = (String) call("GET", "session/" + session + "/screenshot", null).get("value");
        Files.write(png, Base64.getDecoder().decode(b64));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> value(Map<String, Object> response) {
        return (Map<String, Object>) response.get("value");
    }

    private Map<String, Object> call(String method, String path, Object body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.method(method, HttpRequest.BodyPublishers.ofString(JSON.std.asString(body))).header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> json = JSON.std.mapFrom(r.body());
            if (r.statusCode() != 200) {
                throw new IOException("WebDriver " + method + " /" + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return json;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during WebDriver " + method + " /" + path, e);
        }
    }

    @Override public void close() {
        try {
            if (session != null) call("DELETE", "session/" + session, null);
        } catch (IOException e) {
            // the driver is stopped below either way
        } finally {
            stopDriver();
        }
    }

    private void stopDriver() {
        http.close();
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
                driver.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            driver.destroyForcibly();
        }
    }
}
