package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherMainTest {

    @Test
    void options_have_documented_defaults_and_app_args_follow_the_double_dash() {
        Launcher.Options o = LauncherMain.parse(List.of("--root", "/tmp/r", "--jvm-opt", "-Xmx24m", "--", "--config", "c.json"));
        assertThat(o.layout().root()).isEqualTo(Path.of("/tmp/r"));
        assertThat(o.layout().stateDir()).isEqualTo(Path.of("/var/lib/loa/ota"));
        assertThat(o.policy()).isEqualTo(TrialPolicy.DEFAULT);
        assertThat(o.maxTrialBoots()).isEqualTo(2);
        assertThat(o.tick()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.jvmOptions()).containsExactly("-Xmx24m");
        assertThat(o.appArgs()).containsExactly("--config", "c.json");
    }

    @Test
    void bad_options_are_quoted() {
        assertThatThrownBy(() -> LauncherMain.parse(List.of("--watchdog", "soon")))
                .hasMessage("--watchdog expects a whole number 1..86400 but was 'soon'");
        assertThatThrownBy(() -> LauncherMain.parse(List.of("--colour", "red"))).hasMessage("unknown option '--colour'");
        assertThatThrownBy(() -> LauncherMain.parse(List.of("--stable-window", "60")))
                .hasMessage("gateDeadline PT5M must not exceed stableWindow PT1M");
    }
}
