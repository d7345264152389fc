package vn.loa.testbench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
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
        WebDriverSession.assumeAvailable();
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

    @Test
    void the_network_control_stop_and_disk_buttons_act_on_their_receiver() throws Exception {
        browser.navigate(dashboard.url());
        await().atMost(BOUND).until(() ->
                ((Number) js("return document.querySelectorAll('[data-receiver]').length;")).intValue() == 3);
        js("const c = document.querySelector(\"[data-receiver='rx-2']\");"
                + "c.querySelector('[data-field=netKind]').value = 'loss';"
                + "c.querySelector('[data-field=netValue]').value = '20';");
        browser.click("[data-receiver='rx-2'] [data-action='network-set']");
        await("loss set").atMost(BOUND).until(() -> station.performed.size() == 1);
        browser.click("[data-receiver='rx-2'] [data-action='network-reset']");
        await("reset").atMost(BOUND).until(() -> station.performed.size() == 2);
        browser.click("[data-receiver='rx-2'] [data-action='stop']");
        await("stop").atMost(BOUND).until(() -> station.performed.size() == 3);
        browser.click("[data-receiver='rx-2'] [data-action='disk']");
        await("disk").atMost(BOUND).until(() -> station.performed.size() == 4);
        browser.click("#stop-all");
        await("stop all").atMost(BOUND).until(() -> station.performed.size() == 5);
        assertThat(js("return document.querySelector(\"[data-receiver='rx-2'] [data-field=service]\").textContent;"))
                .isEqualTo("in service");
        browser.click("[data-receiver='rx-2'] [data-action='service']");
        await("service").atMost(BOUND).until(() -> station.performed.size() == 6);
        assertThat(station.performed).containsExactly(new Action.SetNetworkLoss("rx-2", 20), new Action.ResetConnections("rx-2"),
                new Action.Stop(new Target.One("rx-2")), new Action.SetDiskFull("rx-2", true), new Action.Stop(Target.ALL),
                new Action.SetService(new Target.One("rx-2"), false));
        browser.screenshot(OUT.resolve("dashboard-network-control.png"));
    }
}
