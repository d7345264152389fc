package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.Status;
import vn.loa.hal.Amplifier;
import vn.loa.hal.json.ConfigException;

class ScenarioParserTest {

    final ScenarioParser parser = new ScenarioParser();

    static final String HEAD = """
            {"receivers": [{"name": "rx-1"}, {"name": "rx-2", "psk": "wrong"}],
             "bulletins": {"siren": {"hz": 1000, "seconds": 2}},
            """;

    List<String> problems(String json) {
        try {
            parser.parse(json, "bad.json");
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems in " + json);
    }

    @Test void reads_every_step_and_expectation_in_time_order() throws Exception {
        Scenario s = parser.parse(HEAD + """
                 "name": "all", "description": "every kind", "startTimeout": "10s",
                 "steps": [
                  {"at": "9s", "do": "wait"},
                  {"at": "1s", "do": "fire", "id": "storm", "level": "emergency", "bulletin": "siren", "receivers": ["rx-1"]},
                  {"at": "0s", "do": "schedule", "id": "news", "bulletin": "siren", "due": "1m30s"},
                  {"at": "2s", "do": "stop", "id": "storm", "receiver": "rx-1"},
                  {"at": "2s", "do": "net", "link": "cut", "receiver": "rx-1"},
                  {"at": "3s", "do": "net", "impair": {"delayMs": 100, "loss": 0.1}},
                  {"at": "3s", "do": "mains", "present": false, "receiver": "rx-1"},
                  {"at": "3s", "do": "door", "open": true},
                  {"at": "4s", "do": "ampFault", "fault": true},
                  {"at": "4s", "do": "disk", "full": true, "receiver": "rx-1"},
                  {"at": "4s", "do": "volume", "volume": 70, "receivers": "all"},
                  {"at": "5s", "do": "update", "broken": true},
                  {"at": "6s", "do": "diagnose", "receiver": "rx-1"}
                 ],
                 "expect": [
                  {"expect": "registered", "receiver": "rx-1", "within": "5s"},
                  {"expect": "notRegistered", "receiver": "rx-2", "failure": "handshake-failed"},
                  {"expect": "aired", "item": "storm", "result": "stopped", "startedWithin": "2s"},
                  {"expect": "notAired", "item": "news"},
                  {"expect": "preempted", "item": "news", "by": "storm"},
                  {"expect": "amplifier", "state": "fault", "after": "4s", "within": "1s"},
                  {"expect": "updateResult", "result": "update-failed", "version": "0.1.0"},
                  {"expect": "noUnderruns"},
                  {"expect": "diagnose", "receiver": "rx-1", "check": "amplifier"}
                 ]}
                """, "all.json");

        assertThat(s.name()).isEqualTo("all");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.receivers()).containsExactly(new ReceiverSpec("rx-1", false), new ReceiverSpec("rx-2", true));
        assertThat(s.steps()).extracting(Step::word).containsExactly("schedule", "fire", "stop", "net", "net", "mains", "door",
                "ampFault", "disk", "volume", "update", "diagnose", "wait");
        assertThat(s.steps().get(0)).isEqualTo(new Step.Schedule(2, Duration.ZERO, "news", Level.NORMAL, "siren",
                Duration.ofSeconds(90), List.of("rx-1", "rx-2")));
        assertThat(s.steps()).filteredOn(st -> st instanceof Step.Update).singleElement()
                .isEqualTo(new Step.Update(11, Duration.ofSeconds(5), List.of("rx-1", "rx-2"), true));
        assertThat(s.steps()).filteredOn(st -> st instanceof Step.Disk).singleElement()
                .isEqualTo(new Step.Disk(9, Duration.ofSeconds(4), true, List.of("rx-1")));
        assertThat(s.steps().get(4)).isInstanceOfSatisfying(Step.Net.class,
                n -> assertThat(n.change().describe()).isEqualTo("impair (delay=100ms loss=10.0%)"));
        assertThat(s.length()).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.expectations()).extracting(Expectation::word).containsExactly("registered", "notRegistered", "aired",
                "notAired", "preempted", "amplifier", "updateResult", "noUnderruns", "diagnose");
        assertThat(s.expectations().get(5)).isEqualTo(new Expectation.AmplifierState(5, Amplifier.State.FAULT,
                Duration.ofSeconds(4), Optional.of(Duration.ofSeconds(1)), List.of("rx-1", "rx-2")));
        assertThat(s.expectations().get(8)).isEqualTo(new Expectation.Diagnosed(8, "amplifier", Status.FAIL, List.of("rx-1")));
    }

    @Test void an_unknown_step_is_named_with_file_path_and_the_words_allowed() {
        assertThat(problems(HEAD + """
                 "steps": [{"at": "1s", "do": "wait"}, {"at": "2s", "do": "fly"}], "expect": [{"expect": "noUnderruns"}]}
                """)).containsExactly("bad.json: steps[1].do 'fly' is not a step (fire, stop, schedule, net, mains, door, "
                + "ampFault, disk, volume, update, diagnose, wait)");
    }

    @Test void a_bad_time_is_quoted_with_its_path() {
        assertThat(problems(HEAD + """
                 "steps": [{"at": "5 seconds", "do": "wait"}], "expect": [{"expect": "registered", "within": "soon"}]}
                """)).containsExactly(
                "bad.json: steps[0].at '5 seconds' is not a time (use e.g. \"2s\", \"1m30s\", \"500ms\")",
                "bad.json: expect[0].within 'soon' is not a time (use e.g. \"2s\", \"1m30s\", \"500ms\")");
    }

    @Test void an_unknown_receiver_is_named_with_the_receivers_declared() {
        assertThat(problems(HEAD + """
                 "steps": [{"at": "1s", "do": "door", "open": true, "receivers": ["rx-1", "rx-9"]},
                           {"at": "2s", "do": "mains", "present": true, "receiver": "rx-3"}],
                 "expect": [{"expect": "noUnderruns", "receiver": "rx-7"}]}
                """)).containsExactly(
                "bad.json: steps[0].receivers[1] 'rx-9' is not a receiver of this scenario (rx-1, rx-2)",
                "bad.json: steps[1].receiver 'rx-3' is not a receiver of this scenario (rx-1, rx-2)",
                "bad.json: expect[0].receiver 'rx-7' is not a receiver of this scenario (rx-1, rx-2)");
    }

    @Test void every_network_change_has_its_step() throws Exception {
        Scenario s = parser.parse(HEAD + """
                 "steps": [
                  {"at": "1s", "do": "net", "link": "cut"},
                  {"at": "2s", "do": "net", "link": "restore"},
                  {"at": "3s", "do": "net", "link": "rebind"},
                  {"at": "4s", "do": "net", "link": "reset", "receiver": "rx-1"},
                  {"at": "5s", "do": "net", "impair": {"jitterMs": 20, "bandwidthBytesPerSecond": 8000, "blackhole": true}}
                 ],
                 "expect": [{"expect": "noUnderruns"}]}
                """, "net.json");
        assertThat(s.steps()).extracting(st -> ((Step.Net) st).change().describe())
                .containsExactly("cut", "restore", "rebind NAT", "reset connections", "impair (blackhole jitter=20ms bw=8000B/s)");
        assertThat(s.steps().get(3)).isEqualTo(new Step.Net(3, Duration.ofSeconds(4), new Step.NetChange.Reset(), List.of("rx-1")));
    }

    @Test void items_bulletins_keys_and_words_are_checked_all_at_once() {
        assertThat(problems(HEAD + """
                 "steps": [{"at": "1s", "do": "fire", "id": "a", "level": "loud", "bulletin": "horn"},
                           {"at": "2s", "do": "fire", "id": "a", "level": "normal", "bulletin": "siren", "volum": 3},
                           {"at": "3s", "do": "schedule", "id": "s", "bulletin": "siren", "due": "2s"},
                           {"at": "4s", "do": "net", "link": "flaky"}],
                 "expect": [{"expect": "aired", "item": "b", "result": "great"},
                            {"expect": "amplifier", "state": "warm"},
                            {"expect": "updateResult", "result": "rolled-back"},
                            {"expect": "teleported"}],
                 "extra": 1}
                """)).containsExactly(
                "bad.json: steps[0].level 'loud' is not a level (background, normal, priority, emergency)",
                "bad.json: steps[0].bulletin 'horn' is not a bulletin of this scenario (siren)",
                "bad.json: steps[1].id 'a' is already used by an earlier fire step; item ids must be unique",
                "bad.json: steps[1].volum is not a known key",
                "bad.json: steps[2].due '2.00s' is not after the step's own time 3.00s; a schedule entry must be set before it is due",
                "bad.json: steps[3].link 'flaky' is not a link change (cut, restore, rebind, reset)",
                "bad.json: expect[0].item 'b' is not fired or scheduled by any step (a, s)",
                "bad.json: expect[0].result 'great' is not a result (completed, preempted, stopped, refused, failed)",
                "bad.json: expect[1].state 'warm' is not an amplifier state (off, warming, on, hold, fault)",
                "bad.json: expect[2].result 'rolled-back' is not an update result (initial, success, not-enough-storage, "
                        + "out-of-memory, connection-lost, integrity-failure, unsupported-package, invalid-uri, update-failed, "
                        + "unsupported-protocol)",
                "bad.json: expect[3].expect 'teleported' is not an expectation (registered, notRegistered, aired, notAired, "
                        + "preempted, amplifier, updateResult, noUnderruns, diagnose)",
                "bad.json: extra is not a known key");
    }

    @Test void receivers_steps_and_expectations_are_required() {
        assertThat(problems("{}")).containsExactly(
                "bad.json: receivers is required: a count (e.g. 2) or an array of {\"name\": \"rx-1\"}",
                "bad.json: steps is required: a non-empty array of steps",
                "bad.json: expect is required: a non-empty array of expectations");
        assertThat(problems("[1]")).containsExactly("bad.json: must be an object but was an array");
    }

    @Test void a_bad_local_time_and_a_station_nobody_can_register_with_are_named() {
        assertThat(problems("""
                {"receivers": [{"name": "a", "psk": "wrong"}], "localTime": "25:00",
                 "steps": [{"at": "1s", "do": "wait"}], "expect": [{"expect": "noUnderruns"}]}
                """)).containsExactly(
                "bad.json: localTime '25:00' is not a time of day (use e.g. \"10:00\")",
                "bad.json: receivers has no receiver with the right PSK; the scenario could never start");
    }

    @Test void a_step_without_a_time_says_so() {
        assertThat(problems(HEAD + """
                 "steps": [{"do": "wait"}], "expect": [{"expect": "noUnderruns"}]}
                """)).containsExactly("bad.json: steps[0].at is required (a time after the start, e.g. \"2s\")");
    }

    @Test void every_shipped_scenario_parses() throws IOException {
        Path dir = shippedScenarios();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(all).extracting(f -> f.getFileName().toString()).contains("emergency-preempts-schedule.json",
                    "network-outage-keeps-schedule.json", "amplifier-fault.json", "mains-loss.json", "wrong-psk.json");
            for (Path f : all) {
                try {
                    Scenario s = parser.read(f);
                    assertThat(s.name()).isEqualTo(f.getFileName().toString().replace(".json", ""));
                    assertThat(s.length()).as(f + " stays short").isLessThanOrEqualTo(Duration.ofSeconds(25));
                } catch (ConfigException e) {
                    throw new AssertionError(f + ": " + e.problems(), e);
                }
            }
        }
    }

    /** {@code testbench/scenarios}, from the module's directory (Surefire's working directory). */
    static Path shippedScenarios() {
        return Path.of("scenarios").toAbsolutePath();
    }
}
