package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.loa.agent.runtime.SystemdUnitTest.repoFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.loa.agent.update.UpdateConfig;
import vn.loa.ota.launcher.SlotLayout;

/**
 * The rest of {@code packaging/}: the polkit rule that lets the service's user reboot (Device Reboot runs
 * {@link OsReboot#DEFAULT_COMMAND} under {@code NoNewPrivileges}) and {@code install.sh}, checked against the unit and
 * the code's defaults. install.sh itself is only parsed and asked for its usage here: it needs root.
 */
class PackagingTest {

    static String unitValue(String key) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(Files.readString(repoFile("packaging/loa.service")));
        assertThat(m.find()).as("loa.service has %s=", key).isTrue();
        return m.group(1).strip();
    }

    @Test
    void the_polkit_rule_lets_the_services_user_reboot_through_logind_and_nothing_else() throws Exception {
        String rule = Files.readString(repoFile("packaging/polkit/50-loa-reboot.rules"));
        assertThat(OsReboot.DEFAULT_COMMAND).containsExactly("systemctl", "reboot");
        assertThat(unitValue("NoNewPrivileges")).isEqualTo("true");
        assertThat(rule).contains("subject.user == \"" + unitValue("User") + "\"");
        List<String> actions = Pattern.compile("action\\.id == \"([^\"]+)\"").matcher(rule).results().map(r -> r.group(1)).toList();
        assertThat(actions).containsExactlyInAnyOrder("org.freedesktop.login1.reboot",
                "org.freedesktop.login1.reboot-multiple-sessions", "org.freedesktop.login1.reboot-ignore-inhibit");
        assertThat(rule).contains("return polkit.Result.YES;").doesNotContain("subject.isInGroup");
    }

    @Test
    void install_sh_is_valid_sh_and_installs_the_unit_and_the_rule_into_the_folders_the_code_defaults_to() throws Exception {
        Path script = repoFile("packaging/install.sh");
        Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        String s = Files.readString(script);
        assertThat(s).contains("root=" + SlotLayout.DEFAULT_ROOT, "state=" + SlotLayout.DEFAULT_STATE,
                "etc=" + RunCommand.DEFAULT_CONFIG.getParent(), "\"$etc/loa.json\"",
                "install -d -o loa -g loa -m 0755 \"$etc/trust\"", "--trust \"$etc/trust\" --root \"$root\" --state \"$state\"",
                "\"$root/launcher.jar\"", "vn.loa.agent.Main \"$@\"", "release install",
                "\"$here/loa.service\" /etc/systemd/system/loa.service",
                "\"$here/polkit/50-loa-reboot.rules\" /etc/polkit-1/rules.d/50-loa-reboot.rules");
        assertThat(UpdateConfig.DEFAULT_TRUST).isEqualTo(RunCommand.DEFAULT_CONFIG.getParent().resolve("trust"));
        assertThat(unitValue("User")).isEqualTo("loa");
    }

    @Test
    void install_sh_with_an_unknown_option_prints_its_usage_and_exits_2_before_touching_anything() throws Exception {
        Process p = new ProcessBuilder("sh", repoFile("packaging/install.sh").toString(), "--trust", "x.pub", "--bundel", "b.zip")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("install.sh: unknown option '--bundel'", "Usage: sudo packaging/install.sh --bundle BUNDLE.zip|DIR");
    }
}
