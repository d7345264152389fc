package vn.loa.hal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonNodeTest {

    @Test
    void collects_every_problem_with_source_and_path() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"name": 5, "amps": [{"pin": "x"}, {"pin": 99}], "volum": 3}
                """, "loa.json");
        root.optString("name");
        for (JsonNode a : root.array("amps")) {
            a.intValue("pin", 0, 0, 27);
            a.rejectUnknownKeys();
        }
        root.intValue("volume", 50, 0, 100);
        root.rejectUnknownKeys();
        assertThat(root.problems().all()).containsExactly(
                "loa.json: name must be a string but was the number 5",
                "loa.json: amps[0].pin must be a whole number but was the string \"x\"",
                "loa.json: amps[1].pin 99 is outside 0..27",
                "loa.json: volum is not a known key (did you mean 'volume'?)");
    }

    @Test
    void syntax_error_names_the_source() {
        assertThatThrownBy(() -> JsonNode.parse("{\"a\": ", "board.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("board.json: is not valid JSON");
    }

    @Test
    void required_key_missing_is_reported() throws Exception {
        JsonNode root = JsonNode.parse("{}", "p.json");
        root.requiredString("endpoint");
        assertThatThrownBy(() -> root.problems().throwIfAny()).hasMessage("p.json: endpoint is required");
    }
}
