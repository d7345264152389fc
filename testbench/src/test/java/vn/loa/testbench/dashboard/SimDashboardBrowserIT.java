package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.testbench.sim.SimStation;

/**
 * The dashboard of a real simulated station (three agents, the headend, the content server) in headless Chromium
 * (Debian packages chromium and chromium-driver): the page shows the three registered receivers, and an emergency
 * fired from the page goes through the headend and shows up as playing on every card.
 */
class SimDashboardBrowserIT {

    private static final Path OUT = Path.of("target", "screenshots");

    @TempDir Path dir;
    private SimStation sim;
    private WebDriverSession browser;

    @BeforeEach
    void start() throws Exception {
        WebDriverSession.assumeAvailable();
        sim = SimStation.builder().receivers(3).dataDir(dir).port(0).speech(false).start();
        browser = new WebDriverSession(Path.of("target", "webdriver"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (sim != null) sim.close();
    }

    private Object js(String script) throws Exception {
        return browser.script(script);
    }

    @Test
    void the_page_shows_three_registered_receivers_and_an_emergency_fired_from_it_plays_on_all() throws Exception {
        browser.navigate(sim.dashboard().orElseThrow().url());
        await("three receiver cards").atMost(Duration.ofSeconds(10)).until(() ->
                ((Number) js("return document.querySelectorAll('[data-receiver]').length;")).intValue() == 3);
        await("three registered").atMost(Duration.ofSeconds(30)).until(() ->
                js("return Array.from(document.querySelectorAll('[data-field=registration]')).map(e => e.textContent);"),
                v -> v instanceof List<?> l && l.size() == 3 && l.stream().allMatch(x -> String.valueOf(x).startsWith("registered")));
        browser.screenshot(OUT.resolve("sim-dashboard-registered.png"));

        browser.click("#fire-all-emergency");

        await("emergency on air on every card").atMost(Duration.ofSeconds(15)).until(() ->
                js("return Array.from(document.querySelectorAll('[data-field=playing]')).map(e => e.textContent);"),
                v -> v instanceof List<?> l && l.size() == 3 && l.stream().allMatch(x -> String.valueOf(x).startsWith("EMERGENCY")));
        assertThat(String.valueOf(js("return document.getElementById('status').textContent;")))
                .startsWith("fired hq-emergency-").endsWith("to 3 of 3 receiver(s)");
        assertThat(sim.receivers()).allMatch(r -> r.station().snapshot().level().map(l -> l.lower().equals("emergency")).orElse(false));
        browser.screenshot(OUT.resolve("sim-dashboard-emergency.png"));
    }
}
