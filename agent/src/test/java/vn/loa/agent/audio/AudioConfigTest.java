package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.loa.hal.json.JsonNode;

class AudioConfigTest {

    @Test void an_absent_section_gives_the_documented_defaults() throws Exception {
        JsonNode root = JsonNode.parse("{}", "loa.json");
        AudioConfig c = AudioConfig.from(root.object("audio"));
        root.problems().throwIfAny();
        assertThat(c.output()).isEqualTo(new PcmFormat(48_000, 2));
        assertThat(c.tick()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.fade()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.mixer().masterVolume()).isEqualTo(80);
        assertThat(c.mixer().emergencyMinVolume()).isEqualTo(90);
        assertThat(c.buffer().targetSeconds()).isEqualTo(3);
        assertThat(c.buffer().maxSeconds()).isEqualTo(60);
        assertThat(c.http().noDataTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.http().maxRedirects()).isEqualTo(5);
        assertThat(c.tickFrames()).isEqualTo(960);
    }

    @Test void values_are_read_and_a_mono_board_is_configurable() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"audio": {"channels": 1, "sampleRate": 44100, "device": "USB", "bufferTargetSeconds": 5,
                           "bufferMaxSeconds": 30, "fadeMs": 500, "volume": 60, "emergencyMinVolume": 100,
                           "noDataTimeoutMs": 10000, "cacheDir": "/tmp/c"}}""", "loa.json");
        AudioConfig c = AudioConfig.from(root.object("audio"));
        root.problems().throwIfAny();
        assertThat(c.output()).isEqualTo(new PcmFormat(44_100, 1));
        assertThat(c.device()).isEqualTo("USB");
        assertThat(c.buffer().targetSeconds()).isEqualTo(5);
        assertThat(c.fade()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.mixer().emergencyMinVolume()).isEqualTo(100);
        assertThat(c.http().noDataTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.cacheDir()).hasToString("/tmp/c");
    }

    @Test void bad_values_are_all_reported_with_their_json_path() {
        JsonNode root;
        try {
            root = JsonNode.parse("""
                    {"audio": {"channels": 6, "volume": "loud", "bufferTargetSeconds": 90, "bufferMaxSeconds": 20,
                               "fadeMS": 100}}""", "loa.json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        AudioConfig.from(root.object("audio"));
        assertThat(root.problems().all()).containsExactlyInAnyOrder(
                "loa.json: audio.channels 6 is outside 1..2",
                "loa.json: audio.volume must be a whole number but was the string \"loud\"",
                "loa.json: audio.bufferTargetSeconds 90.0 is outside 0.1..60.0",
                "loa.json: audio.fadeMS is not a known key (did you mean 'fadeMs'?)");
    }

    @Test void allow_sources_are_read_and_a_bad_one_is_named_with_its_path_and_index() throws Exception {
        JsonNode ok = JsonNode.parse("{\"audio\": {\"allowSources\": [\"https://content.vn/\", \"http://10.0.0.1:8000\"]}}",
                "loa.json");
        AudioConfig c = AudioConfig.from(ok.object("audio"));
        assertThat(ok.problems().all()).isEmpty();
        assertThat(c.http().allow().patterns()).containsExactly("https://content.vn/", "http://10.0.0.1:8000");
        assertThat(AudioConfig.defaults().http().allow().allowsAll()).isTrue();

        JsonNode bad = JsonNode.parse("{\"audio\": {\"allowSources\": [\"https://content.vn/\", \"content2.vn\", 3]}}",
                "loa.json");
        AudioConfig.from(bad.object("audio"));
        assertThat(bad.problems().all()).containsExactly(
                "loa.json: audio.allowSources[2] must be a string but was the number 3");
        JsonNode bad2 = JsonNode.parse("{\"audio\": {\"allowSources\": [\"content2.vn\"]}}", "loa.json");
        AudioConfig.from(bad2.object("audio"));
        assertThat(bad2.problems().all()).containsExactly(
                "loa.json: audio.allowSources [0] 'content2.vn' must start with http:// or https://");
    }
}
