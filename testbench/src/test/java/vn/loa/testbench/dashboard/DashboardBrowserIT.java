package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;

/** The dashboard in a real headless Chromium (Debian packages chromium and chromium-driver). */
class DashboardBrowserIT {

    private static final Path OUT = Path.of("target", "screenshots");
    private static final Duration BOUND = Duration.ofSeconds(10);

    private FakeStation station;
    private Dashboard dashboard;
    private WebDriverSession browser;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(WebDriverSession.available(),
                "SKIPPED: headless browser test needs the Debian packages 'chromium' and 'chromium-driver' "
                        + "(/usr/bin/chromium, /usr/bin/chromedriver); install them to run it");
        station = new FakeStation();
        dashboard = Dashboard.builder(station, station).port(0).refresh(Duration.ofMillis(100)).build();
        browser = new WebDriverSession(Path.of("target", "webdriver"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (dashboard != null) dashboard.close();
    }

    private Object js(String script) throws Exception {
        return browser.script(script);
    }

    @Test
    void the_page_shows_three_receivers_and_an_emergency_fired_from_it_shows_up_as_playing() throws Exception {
        browser.navigate(dashboard.url());
        await("three receiver cards").atMost(BOUND).until(() ->
                ((Number) js("return document.querySelectorAll('[data-receiver]').length;")).intValue() == 3);
        assertThat(js("return Array.from(document.querySelectorAll('[data-field=label]')).map(e => e.textContent);"))
                .isEqualTo(List.of("Ấp 1, cột 11", "Ấp 2, cột 12", "Ấp 3, cột 13"));
        assertThat(js("return document.getElementById('conn').textContent;")).isEqualTo("live");
        browser.screenshot(OUT.resolve("dashboard-idle.png"));

        browser.click("#fire-all-emergency");

        await("emergency on air on every card").atMost(BOUND).until(() ->
                js("return Array.from(document.querySelectorAll('[data-field=playing]')).map(e => e.textContent);")
                        .equals(List.of("EMERGENCY · Test bulletin (emergency)", "EMERGENCY · Test bulletin (emergency)",
                                "EMERGENCY · Test bulletin (emergency)")));
        assertThat(station.performed).containsExactly(new Action.Fire(Target.ALL, Level.EMERGENCY));
        assertThat(js("return document.getElementById('status').textContent;")).isEqualTo("fired emergency-1");
        assertThat(((Number) js("return document.querySelectorAll('#playlog tr').length;")).intValue()).isEqualTo(3);
        browser.screenshot(OUT.resolve("dashboard-emergency.png"));
    }

    @Test
    void a_receiver_button_acts_on_that_receiver_only_and_its_label_follows_the_state() throws Exception {
        browser.navigate(dashboard.url());
        await().atMost(BOUND).until(() ->
                ((Number) js("return document.querySelectorAll('[data-receiver]').length;")).intValue() == 3);
        browser.click("[data-receiver='rx-2'] [data-action='mains']");
        await("mains pulled on rx-2").atMost(BOUND).until(() ->
                "PULLED (on battery)".equals(js("return document.querySelector(\"[data-receiver='rx-2'] [data-field=mains]\").textContent;")));
        assertThat(js("return document.querySelector(\"[data-receiver='rx-2'] [data-action=mains]\").textContent;"))
                .isEqualTo("Restore mains");
        assertThat(js("return document.querySelector(\"[data-receiver='rx-1'] [data-field=mains]\").textContent;"))
                .isEqualTo("present");
        assertThat(station.performed).containsExactly(new Action.SetMains("rx-2", false));
        browser.screenshot(OUT.resolve("dashboard-mains-pulled.png"));
    }
}
