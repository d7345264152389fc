package vn.loa.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.provision.ProvisionCommand;
import vn.loa.hal.json.ConfigException;

class LoaConfigTest {

    private static final Path DATA = Path.of("/var/lib/loa");

    @Test
    void empty_object_gives_device_defaults() throws Exception {
        LoaConfig c = LoaConfig.parse("{}", "loa.json", DATA);
        assertThat(c.station().zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(c.board().profile()).isEqualTo("simulated");
        assertThat(c.paths().data()).isEqualTo(DATA);
        assertThat(c.paths().logs()).isEqualTo(DATA.resolve("logs"));
        assertThat(c.log().level()).isEqualTo("info");
    }

    @Test
    void unknown_key_is_named_with_its_path_and_a_suggestion() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"station\": {\"nmae\": \"x\"}}", "/etc/loa/loa.json", DATA))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/loa/loa.json: station.nmae is not a known key (did you mean 'name'?)");
    }

    @Test
    void unknown_section_is_rejected() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"amplifer\": {}}", "loa.json", DATA))
                .hasMessageContaining("loa.json: amplifer is not a known key");
    }

    @Test
    void wrong_types_are_all_reported_together() {
        assertThatThrownBy(() -> LoaConfig.parse("""
                {"station": {"name": 7, "timezone": "Mars/Olympus"}, "log": {"console": "yes", "level": "loud"}}
                """, "loa.json", DATA))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "loa.json: station.name must be a string but was the number 7",
                        "loa.json: station.timezone 'Mars/Olympus' is not a time zone (e.g. Asia/Ho_Chi_Minh)",
                        "loa.json: log.level 'loud' is not one of trace, debug, info, warn, error",
                        "loa.json: log.console must be true or false but was the string \"yes\""));
    }

    @Test
    void bad_station_name_is_refused_with_the_value() {
        assertThatThrownBy(() -> LoaConfig.parse("{\"station\": {\"name\": \"a b\"}}", "loa.json", DATA))
                .hasMessage("loa.json: station.name 'a b' must be 1-64 letters, digits, '.', '_' or '-'");
    }

    @Test
    void not_json_is_reported_with_the_file() {
        assertThatThrownBy(() -> LoaConfig.parse("{", "loa.json", DATA)).hasMessageStartingWith("loa.json: is not valid JSON");
    }

    @Test
    void missing_file_is_named() {
        assertThatThrownBy(() -> LoaConfig.load(Path.of("/nonexistent/loa.json"), DATA))
                .hasMessage("/nonexistent/loa.json: file not found");
    }

    @TempDir Path tmp;

    @Test
    void without_an_lwm2m_section_the_station_has_no_management_plane_and_data_paths_follow_paths_data() throws Exception {
        LoaConfig c = LoaConfig.parse("{\"paths\": {\"data\": \"/srv/loa\"}, \"station\": {\"timezone\": \"Asia/Bangkok\"}}",
                "loa.json", DATA);
        assertThat(c.lwm2m()).isEmpty();
        assertThat(c.store().dataDir()).isEqualTo(Path.of("/srv/loa"));
        assertThat(c.store().scheduleFile()).isEqualTo(Path.of("/srv/loa/schedule.json"));
        assertThat(c.audio().cacheDir()).isEqualTo(Path.of("/srv/loa/cache"));
        assertThat(c.schedule().zone()).isEqualTo(ZoneId.of("Asia/Bangkok"));
        assertThat(c.quietHours().start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(c.power().skipNormalOnBattery()).isFalse();
        assertThat(c.cache().quotaBytes()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void schedule_store_cache_quiet_hours_and_power_sections_are_read() throws Exception {
        LoaConfig c = LoaConfig.parse("""
                {"store": {"dataDir": "/mnt/sd/loa", "auditKeepSegments": 3},
                 "cache": {"quotaMiB": 64},
                 "schedule": {"zone": "UTC", "lateStartMinutes": 5},
                 "quietHours": {"start": "21:30", "end": "06:00"},
                 "power": {"skipNormalOnBattery": true}}
                """, "loa.json", DATA);
        assertThat(c.store().dataDir()).isEqualTo(Path.of("/mnt/sd/loa"));
        assertThat(c.store().auditKeepSegments()).isEqualTo(3);
        assertThat(c.audio().cacheDir()).isEqualTo(Path.of("/mnt/sd/loa/cache"));
        assertThat(c.cache().quotaBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.schedule().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.schedule().lateStart()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.quietHours().start()).isEqualTo(LocalTime.of(21, 30));
        assertThat(c.power().skipNormalOnBattery()).isTrue();
    }

    @Test
    void an_inline_lwm2m_section_is_read_with_its_files_under_the_data_folder() throws Exception {
        LoaConfig c = LoaConfig.parse("""
                {"lwm2m": {"endpoint": "xa-an-phu-03", "serverUri": "coaps://headend.example.vn"}}
                """, "loa.json", Path.of("/srv/loa"));
        Lwm2mConfig l = c.lwm2m().orElseThrow();
        assertThat(l.endpoint()).isEqualTo("xa-an-phu-03");
        assertThat(l.secretsFile()).isEqualTo(Path.of("/srv/loa/lwm2m-secrets.json"));
        assertThat(l.nonceFile()).isEqualTo(Path.of("/srv/loa/lwm2m-nonces.json"));
    }

    @Test
    void lwm2m_problems_are_reported_with_every_other_problem() {
        assertThatThrownBy(() -> LoaConfig.parse("""
                {"station": {"name": "a b"}, "lwm2m": {"endpoint": "x", "serverUri": "http://h", "lifetimeSeconds": "long"},
                 "quietHours": {"start": "25:00"}}
                """, "loa.json", DATA))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "loa.json: station.name 'a b' must be 1-64 letters, digits, '.', '_' or '-'",
                        "loa.json: lwm2m.serverUri 'http://h' must be coaps://HOST[:PORT]",
                        "loa.json: lwm2m.lifetimeSeconds must be a whole number but was the string \"long\"",
                        "loa.json: quietHours.start '25:00' is not a time of day (HH:mm)"));
    }

    @Test
    void what_provision_writes_beside_loa_json_is_exactly_what_the_station_reads() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("etc"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new ProvisionCommand().run(List.of("--endpoint", "xa-an-phu-03", "--server", "coaps://127.0.0.1:5684",
                "--psk-identity", "an-phu-03", "--psk-key", "00112233445566778899aabbccddeeff", "--board", "simulated",
                "--lat", "10.53", "--lon", "106.41", "--config-dir", etc.toString(), "--state-dir", state.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();

        LoaConfig c = LoaConfig.load(etc.resolve("loa.json"), tmp.resolve("data"));
        assertThat(c.board().profile()).isEqualTo("simulated");
        Lwm2mConfig written = Lwm2mConfig.readSection(etc.resolve(ProvisionCommand.CONFIG_FILE));
        assertThat(c.lwm2m()).contains(written);
        assertThat(written.secretsFile()).isEqualTo(state.resolve(ProvisionCommand.SECRETS_FILE));
        Lwm2mSecrets keys = Lwm2mSecrets.read(c.lwm2m().get().secretsFile(), c.lwm2m().get().security());
        assertThat(keys.pskIdentity()).isEqualTo("an-phu-03");
    }

    @Test
    void allow_no_sec_on_a_device_board_is_refused_and_says_why() {
        assertThatThrownBy(() -> LoaConfig.parse("""
                {"board": {"profile": "raspberry-pi-4"},
                 "lwm2m": {"endpoint": "loa-1", "serverUri": "coap://h:5683", "security": "nosec", "allowNoSec": true}}
                """, "loa.json", DATA))
                .isInstanceOf(ConfigException.class)
                .hasMessage("loa.json: lwm2m.allowNoSec is only for board profile 'simulated', but board.profile is "
                        + "'raspberry-pi-4': on a device NoSec would let anyone on the network send it commands and audio "
                        + "unauthenticated; remove allowNoSec and provision a PSK (./loa provision); the agent does not "
                        + "start (amplifiers stay off)");
    }

    @Test
    void allow_no_sec_in_the_provisioned_file_is_refused_on_a_device_board_too() throws Exception {
        Files.writeString(tmp.resolve("lwm2m.json"), "{\"lwm2m\": {\"endpoint\": \"a\", \"serverUri\": \"coaps://h\", "
                + "\"allowNoSec\": true}}");
        Files.writeString(tmp.resolve("loa.json"), "{\"board\": {\"profile\": \"raspberry-pi-5\"}}");
        assertThatThrownBy(() -> LoaConfig.load(tmp.resolve("loa.json"), DATA))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith(tmp.resolve("lwm2m.json") + ": lwm2m.allowNoSec is only for board profile 'simulated', "
                                + "but board.profile is 'raspberry-pi-5'"));
    }

    @Test
    void allow_no_sec_is_accepted_on_the_simulated_board() throws Exception {
        LoaConfig c = LoaConfig.parse("""
                {"board": {"profile": "simulated"},
                 "lwm2m": {"endpoint": "sim-1", "serverUri": "coap://127.0.0.1:5683", "security": "nosec", "allowNoSec": true}}
                """, "loa.json", DATA);
        assertThat(c.lwm2m()).map(Lwm2mConfig::allowNoSec).contains(true);
    }

    @Test
    void lwm2m_in_both_loa_json_and_the_provisioned_file_is_refused() throws Exception {
        Files.writeString(tmp.resolve("lwm2m.json"), "{\"lwm2m\": {\"endpoint\": \"a\", \"serverUri\": \"coaps://h\"}}");
        Files.writeString(tmp.resolve("loa.json"), "{\"lwm2m\": {\"endpoint\": \"b\", \"serverUri\": \"coaps://h\"}}");
        assertThatThrownBy(() -> LoaConfig.load(tmp.resolve("loa.json"), DATA)).hasMessage(tmp.resolve("loa.json")
                + ": lwm2m is set here and also in " + tmp.resolve("lwm2m.json") + " (written by ./loa provision); keep one");
    }

    @Test
    void a_broken_provisioned_file_is_named_with_the_problems_of_loa_json() throws Exception {
        Files.writeString(tmp.resolve("lwm2m.json"), "{\"lwm2m\": {\"endpoint\": \"a\"}}");
        Files.writeString(tmp.resolve("loa.json"), "{\"log\": {\"level\": \"loud\"}}");
        assertThatThrownBy(() -> LoaConfig.load(tmp.resolve("loa.json"), DATA))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        tmp.resolve("loa.json") + ": log.level 'loud' is not one of trace, debug, info, warn, error",
                        tmp.resolve("lwm2m.json") + ": lwm2m.serverUri is required"));
    }

    @Test
    void updates_are_on_only_with_an_update_section() throws Exception {
        assertThat(LoaConfig.parse("{}", "loa.json", DATA).update()).isEmpty();
        LoaConfig c = LoaConfig.parse("{\"update\": {\"maintenanceWindow\": \"any\"}}", "loa.json", DATA);
        assertThat(c.update()).hasValueSatisfying(u -> assertThat(u.window()).isEmpty());
        assertThatThrownBy(() -> LoaConfig.parse("{\"update\": {\"heartbeatSeconds\": 60}}", "loa.json", DATA))
                .hasMessageContaining("loa.json: update.heartbeatSeconds");
    }

    @Test
    void logging_is_peeked_leniently_before_the_full_load() throws Exception {
        Files.writeString(tmp.resolve("loa.json"), "{\"paths\": {\"data\": \"/srv/loa\"}, \"log\": {\"level\": \"DEBUG\", \"console\": false},"
                + " \"lwm2m\": {\"endpoint\": 7}}");
        assertThat(LoaConfig.peekLogging(tmp.resolve("loa.json"), DATA, java.util.Optional.empty()))
                .isEqualTo(new LoaConfig.Logging(Path.of("/srv/loa/logs"), "debug", false));
        assertThat(LoaConfig.peekLogging(tmp.resolve("loa.json"), DATA, java.util.Optional.of(Path.of("/tmp/x"))).logs())
                .isEqualTo(Path.of("/tmp/x/logs"));
        assertThat(LoaConfig.peekLogging(tmp.resolve("missing.json"), DATA, java.util.Optional.empty()))
                .isEqualTo(new LoaConfig.Logging(DATA.resolve("logs"), "info", true));
    }

    @Test
    void moving_the_data_folder_moves_the_store_and_the_cache_with_it() throws Exception {
        LoaConfig c = LoaConfig.parse("{}", "loa.json", DATA).withData(Path.of("/tmp/sim-1"));
        assertThat(c.paths().logs()).isEqualTo(Path.of("/tmp/sim-1/logs"));
        assertThat(c.store().playLogDir()).isEqualTo(Path.of("/tmp/sim-1/playlog"));
        assertThat(c.audio().cacheDir()).isEqualTo(Path.of("/tmp/sim-1/cache"));
    }
}
