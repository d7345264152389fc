package vn.loa.ota.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.ConfigException;

class ManifestTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void json_round_trips() throws Exception {
        Manifest m = new Manifest(Version.parse("1.2.3-rc.1"), Version.parse("1.0.0"), List.of("raspberry-pi-4", "simulated"),
                Instant.parse("2026-01-05T01:00:00Z"), Optional.of(Instant.parse("2027-01-01T00:00:00Z")), false,
                "vn.loa.agent.Main", new BundleFile("app/a.jar", SHA, 10), List.of(new BundleFile("lib/b.jar", SHA, 20)),
                "0123456789abcdef", List.of());
        assertThat(Manifest.parse(m.toJson(), "m.json")).isEqualTo(m);
    }

    @Test
    void every_problem_is_reported_with_its_path() {
        String json = """
                {"format": 1, "version": "1.2", "minLauncherVersion": "1.0.0", "boards": [],
                 "created": "yesterday", "mainClass": "vn.loa.agent.Main",
                 "app": {"path": "app/../x.jar", "sha256": "%s", "size": 1},
                 "libs": [{"path": "lib/b.jar", "sha256": "XYZ", "size": -1}],
                 "signedBy": "0123456789abcdef", "colour": "red"}
                """.formatted(SHA);
        assertThatThrownBy(() -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8), "manifest.json"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "manifest.json: version '1.2' is not a semantic version like 1.2.3 or 1.2.3-rc.1",
                        "manifest.json: boards must list at least one board (or \"*\")",
                        "manifest.json: created 'yesterday' is not an ISO-8601 UTC instant like 2026-01-05T01:00:00Z",
                        "manifest.json: app path 'app/../x.jar' must be app/NAME.jar or lib/NAME.jar (letters, digits, . _ + -)",
                        "manifest.json: libs[0].size -1 is outside 0..9223372036854775807",
                        "manifest.json: colour is not a known key"));
    }

    @Test
    void versions_order_by_semver_precedence() {
        assertThat(Version.parse("1.10.0")).isGreaterThan(Version.parse("1.9.9"));
        assertThat(Version.parse("1.0.0-rc.1")).isLessThan(Version.parse("1.0.0"));
        assertThat(Version.parse("1.0.0-rc.2")).isLessThan(Version.parse("1.0.0-rc.10"));
        assertThat(Version.parse("1.0.0-alpha")).isLessThan(Version.parse("1.0.0-alpha.1"));
        assertThat(Version.parse("1.0.0+b7").compareTo(Version.parse("1.0.0"))).isZero();
        assertThatThrownBy(() -> Version.parse("v1")).hasMessage("is not a semantic version like 1.2.3 or 1.2.3-rc.1: 'v1'");
    }
}
