package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

class Lwm2mConfigTest {

    static Lwm2mConfig parse(String json) throws ConfigException {
        return Lwm2mConfig.from(JsonNode.parse(json, "loa.json").object("lwm2m"));
    }

    @Test
    void minimal_section_gets_the_documented_defaults() throws Exception {
        Lwm2mConfig c = parse("{\"lwm2m\": {\"endpoint\": \"loa-1\", \"serverUri\": \"coaps://lwm2m.example.vn:5684\"}}");
        assertThat(c.security()).isEqualTo(SecurityMode.PSK);
        assertThat(c.lifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.updatePeriod()).isEqualTo(Duration.ofSeconds(25));
        assertThat(c.connectionIdLength()).isZero();
        assertThat(c.cipherSuites()).containsExactly("TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_GCM_SHA256");
        assertThat(c.secretsFile().toString()).isEqualTo("/var/lib/loa/lwm2m-secrets.json");
        assertThat(c.requireSignedEmergency()).isFalse();
    }

    @Test
    void nosec_is_refused_for_a_device_profile_and_says_why() {
        assertThatThrownBy(() -> parse("{\"lwm2m\": {\"endpoint\": \"loa-1\", \"serverUri\": \"coap://h:5683\", \"security\": \"nosec\"}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("loa.json: lwm2m.security security 'nosec' would send commands and status unencrypted and unauthenticated")
                .hasMessageContaining("allowNoSec=true")
                .hasMessageContaining("the agent does not start (amplifiers stay off)");
    }

    @Test
    void nosec_is_accepted_when_a_simulator_profile_allows_it() throws Exception {
        Lwm2mConfig c = parse("{\"lwm2m\": {\"endpoint\": \"sim-1\", \"serverUri\": \"coap://127.0.0.1:5683\", \"security\": \"nosec\", \"allowNoSec\": true}}");
        assertThat(c.security()).isEqualTo(SecurityMode.NOSEC);
    }

    @Test
    void every_problem_is_reported_at_once_with_its_path_and_value() {
        assertThatThrownBy(() -> parse("{\"lwm2m\": {\"endpoint\": \"bad name\", \"serverUri\": \"coaps://h\", \"updatePeriodSeconds\": 400,"
                + " \"cipherSuites\": [\"TLS_NULL\"], \"lifetimSeconds\": 10, \"requireSignedEmergency\": true}}"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "loa.json: lwm2m.endpoint 'bad name' must be 1-64 of A-Z a-z 0-9 . _ : -",
                        "loa.json: lwm2m.updatePeriodSeconds 400 must be less than lifetimeSeconds 300 or the registration would expire between updates",
                        "loa.json: lwm2m.cipherSuites[0] 'TLS_NULL' is not a known cipher suite (e.g. TLS_PSK_WITH_AES_128_CCM_8)",
                        "loa.json: lwm2m.requireSignedEmergency is on but no authorityPublicKey is set: emergencies could never play",
                        "loa.json: lwm2m.lifetimSeconds is not a known key (did you mean 'lifetimeSeconds'?)"));
    }

    @Test
    void a_coaps_server_with_nosec_or_a_coap_server_with_psk_is_a_mismatch() {
        assertThatThrownBy(() -> parse("{\"lwm2m\": {\"endpoint\": \"loa-1\", \"serverUri\": \"coap://h:5683\"}}"))
                .hasMessageContaining("'coap://h:5683' does not match security psk");
    }

    @Test
    void written_json_reads_back_to_the_same_config() throws Exception {
        Lwm2mConfig c = Lwm2mConfig.builder("loa-2", URI.create("coaps://h.example.vn:5684")).boardProfile("pi4")
                .location(new Lwm2mConfig.Location(10.5, 106.4, java.util.Optional.empty(), java.time.Instant.parse("2026-01-05T01:00:00Z")))
                .build();
        String json = com.fasterxml.jackson.jr.ob.JSON.std.asString(java.util.Map.of("lwm2m", c.toJson()));
        assertThat(parse(json)).isEqualTo(c);
    }
}
