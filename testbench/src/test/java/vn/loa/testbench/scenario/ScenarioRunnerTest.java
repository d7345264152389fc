package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class ScenarioRunnerTest {

    @TempDir Path dir;
    final ManualScheduler clock = new ManualScheduler(Instant.parse("2026-11-23T01:00:00Z"), Clock.VIETNAM);
    final List<FakeStation> opened = new ArrayList<>();

    static final String PREEMPT = """
            {
              "name": "preempt",
              "receivers": 2,
              "bulletins": {"news": {"hz": 440, "seconds": 3}, "siren": {"hz": 1000, "seconds": 2}},
              "steps": [
                {"at": "0s", "do": "schedule", "id": "morning", "bulletin": "news", "due": "1s"},
                {"at": "2s", "do": "fire", "id": "storm", "level": "emergency", "bulletin": "siren", "receiver": "rx-1"},
                {"at": "6s", "do": "wait"}
              ],
              "expect": [
                {"expect": "registered", "within": "2s"},
                {"expect": "preempted", "item": "morning", "by": "storm", "receiver": "rx-1"},
                {"expect": "aired", "item": "storm", "receiver": "rx-1", "startedWithin": "1s"},
                {"expect": "aired", "item": "morning", "receiver": "rx-2", "startedWithin": "1s"},
                {"expect": "notAired", "item": "storm", "receiver": "rx-2"},
                {"expect": "amplifier", "state": "on", "after": "1s", "within": "1s"},
                {"expect": "noUnderruns"}
              ]
            }
            """;

    ScenarioReport run(String json) throws Exception {
        Scenario s = new ScenarioParser().parse(json, "test.json");
        ScenarioRunner.Run run = new ScenarioRunner(FakeStation.factory(clock, opened)).start(s, dir, clock);
        for (int i = 0; i < 2_000 && !run.result().isDone(); i++) clock.advance(Duration.ofMillis(50));
        assertThat(run.result()).as("the run finished within 100 s of manual time").isDone();
        return run.result().get();
    }

    @Test void steps_run_at_their_times_once_the_receivers_registered_and_every_expectation_is_judged() throws Exception {
        ScenarioReport r = run(PREEMPT);

        assertThat(r.failures()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.summary()).startsWith("scenario preempt: PASSED (7 expectation(s) held) in 6.");
        assertThat(r.stationStart()).isEqualTo(Duration.ofMillis(-800));
        assertThat(r.steps()).extracting(x -> x.ranAt()).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(6));
        assertThat(opened.get(0).calls).containsExactly(
                "schedule morning rx-1 due 1000ms", "schedule morning rx-2 due 1000ms", "fire storm rx-1");
        assertThat(opened.get(0).closed).isTrue();
        assertThat(Files.size(dir.resolve("bulletins/siren.wav"))).isEqualTo(44 + 48_000 * 4 * 2);
    }

    @Test void a_broken_expectation_fails_the_run_with_one_readable_line_saying_expected_actual_and_step() throws Exception {
        ScenarioReport r = run(PREEMPT.replace(
                "{\"expect\": \"aired\", \"item\": \"storm\", \"receiver\": \"rx-1\", \"startedWithin\": \"1s\"}",
                "{\"expect\": \"aired\", \"item\": \"storm\", \"receiver\": \"rx-1\", \"result\": \"preempted\", \"startedWithin\": \"100ms\"}"));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).containsExactly("FAILED expect[2] aired on rx-1: expected 'storm' preempted, first audible within "
                + "0.10s of being fired or due; actual: rx-1 first audible at 2.50s (0.50s after being fired), ended completed at 4.50s; "
                + "step: step[1] at 2.00s (fire emergency 'storm' (bulletin siren) to rx-1)");
        assertThat(r.summary()).startsWith("scenario preempt: FAILED (1 of 7 expectation(s) failed)");
    }

    @Test void a_receiver_with_a_wrong_psk_is_not_waited_for_and_its_failed_handshake_is_expected() throws Exception {
        ScenarioReport r = run("""
                {"receivers": [{"name": "good"}, {"name": "bad", "psk": "wrong"}],
                 "bulletins": {"b": {"seconds": 1}},
                 "steps": [{"at": "1s", "do": "fire", "id": "n", "level": "normal", "bulletin": "b", "receiver": "good"},
                           {"at": "3s", "do": "wait"}],
                 "expect": [{"expect": "registered", "receiver": "good"},
                            {"expect": "notRegistered", "receiver": "bad", "failure": "handshake-failed"},
                            {"expect": "registered", "receiver": "bad"}]}
                """);

        assertThat(r.outcomes()).extracting(Outcome::held).containsExactly(true, true, false);
        assertThat(r.outcomes().get(1).actual()).isEqualTo("bad not registered; 1 attempt(s) failed, first handshake-failed at "
                + "0.00s: DTLS handshake failed: bad PSK");
        assertThat(r.failures().get(0)).contains("actual: bad never registered (last attempt handshake-failed: DTLS handshake failed: bad PSK)");
        assertThat(r.toJson()).as("a receiver that never registered says so with null")
                .contains("\"wrongPsk\" : true,\n      \"registeredAtSeconds\" : null,");
    }

    @Test void steps_start_after_the_start_timeout_when_a_receiver_never_registers() throws Exception {
        ScenarioReport r = run("""
                {"receivers": [{"name": "a"}], "startTimeout": "300ms",
                 "steps": [{"at": "1s", "do": "wait"}],
                 "expect": [{"expect": "registered", "within": "5s"}]}
                """);

        assertThat(r.stationStart()).isEqualTo(Duration.ofMillis(-300));
        assertThat(r.passed()).isTrue();
        assertThat(r.outcomes().get(0).actual()).isEqualTo("a registered 0.80s after the station's start");
    }

    @Test void an_amplifier_fault_fails_the_item_on_air_and_the_self_test_names_it() throws Exception {
        ScenarioReport r = run("""
                {"receivers": 1, "bulletins": {"long": {"seconds": 5}},
                 "steps": [{"at": "0s", "do": "fire", "id": "n", "level": "normal", "bulletin": "long"},
                           {"at": "2s", "do": "ampFault", "fault": true},
                           {"at": "3s", "do": "fire", "id": "e", "level": "emergency", "bulletin": "long"},
                           {"at": "4s", "do": "wait"}],
                 "expect": [{"expect": "amplifier", "state": "fault", "after": "2s", "within": "100ms"},
                            {"expect": "aired", "item": "n", "result": "failed"},
                            {"expect": "aired", "item": "e", "result": "failed"},
                            {"expect": "diagnose", "check": "amplifier", "status": "fail"},
                            {"expect": "diagnose", "check": "speaker", "status": "fail"}]}
                """);

        assertThat(r.outcomes()).extracting(Outcome::held).containsExactly(true, true, true, true, false);
        assertThat(r.outcomes().get(3).actual()).isEqualTo("rx-1 amplifier FAIL at 4.00s: fault input active");
        assertThat(r.outcomes().get(4).actual()).isEqualTo("rx-1 the self-test at 4.00s has no check 'speaker' (checks: amplifier)");
        assertThat(opened.get(0).calls).endsWith("diagnose rx-1");
    }

    @Test void the_report_lists_per_receiver_registration_items_amplifier_faults_and_verdicts() throws Exception {
        opened.clear();
        ScenarioReport r = run(PREEMPT.replace("{\"at\": \"6s\", \"do\": \"wait\"}",
                "{\"at\": \"5s\", \"do\": \"mains\", \"present\": false, \"receiver\": \"rx-2\"}, {\"at\": \"6s\", \"do\": \"wait\"}"));
        Path file = dir.resolve("out/report.json");
        r.write(file);

        Map<String, Object> json = JSON.std.mapFrom(Files.readString(file));
        assertThat(json).containsEntry("scenario", "preempt").containsEntry("passed", true).containsEntry("stationStartSeconds", -0.8)
                .containsEntry("startedAt", "2026-11-23T01:00:00.800Z").containsEntry("stationTimeAtStart", "2026-11-23T08:00:00.800");
        @SuppressWarnings("unchecked") Map<String, Object> rx1 = (Map<String, Object>) ((Map<String, Object>) json.get("receivers")).get("rx-1");
        @SuppressWarnings("unchecked") Map<String, Object> rx2 = (Map<String, Object>) ((Map<String, Object>) json.get("receivers")).get("rx-2");
        assertThat(rx1).containsEntry("registeredAtSeconds", 0.0).containsEntry("underruns", 0);
        assertThat(rx1.get("items").toString()).contains("id=morning@2026-11-23T08:00, level=normal, queuedAtSeconds=1.0, startedAtSeconds=1.5, "
                + "interruptions=[{atSeconds=2.0, by=storm}], endedAtSeconds=2.0, result=preempted, detail=preempted by storm");
        assertThat(rx1.get("items").toString()).contains("id=storm, level=emergency, queuedAtSeconds=2.0, startedAtSeconds=2.5, "
                + "endedAtSeconds=4.5, result=completed");
        assertThat(rx1.get("amplifier").toString()).contains("{atSeconds=1.0, from=OFF, to=WARMING, reason=demanded}");
        assertThat(rx2.get("faults").toString()).isEqualTo("[{atSeconds=5.0, fault=mains-lost, active=true, detail=mains pulled}]");
        assertThat(json.get("steps").toString()).contains("do=mains, atSeconds=5.0, ranAtSeconds=5.0, what=pull mains on rx-2, refused=false, outcome=rx-2 done");
        assertThat(json.get("expectations").toString()).contains("kind=preempted, receivers=[rx-1], held=true");
    }

    @Test void a_disk_step_fills_and_frees_the_quota_and_the_report_lists_it_among_the_faults() throws Exception {
        opened.clear();
        ScenarioReport r = run("""
                {"receivers": 2,
                 "steps": [{"at": "1s", "do": "disk", "full": true, "receiver": "rx-2"},
                           {"at": "2s", "do": "disk", "full": false, "receiver": "rx-2"},
                           {"at": "3s", "do": "wait"}],
                 "expect": [{"expect": "noUnderruns"}]}
                """);
        Path file = dir.resolve("out/disk.json");
        r.write(file);

        assertThat(opened.get(0).calls).contains("disk true rx-2", "disk false rx-2");
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(file));
        @SuppressWarnings("unchecked") Map<String, Object> rx2 = (Map<String, Object>) ((Map<String, Object>) json.get("receivers")).get("rx-2");
        assertThat(rx2.get("faults").toString()).isEqualTo("[{atSeconds=1.0, fault=disk-full, active=true, detail=disk quota used up}, "
                + "{atSeconds=2.0, fault=disk-full, active=false, detail=disk quota freed}]");
        assertThat(json.get("steps").toString()).contains("do=disk, atSeconds=1.0, ranAtSeconds=1.0, what=fill the disk on rx-2, refused=false");
    }

    @Test void a_refused_step_is_recorded_with_the_reason_and_the_expectations_still_decide() throws Exception {
        ScenarioReport r = run("""
                {"receivers": 1, "steps": [{"at": "0s", "do": "update"}, {"at": "1s", "do": "wait"}],
                 "expect": [{"expect": "updateResult", "result": "update-failed"}]}
                """);

        assertThat(r.steps().get(0).refused()).isTrue();
        assertThat(r.steps().get(0).outcome()).isEqualTo("rx-1 refused: no update service in the fake");
        assertThat(r.failures()).containsExactly("FAILED expect[0] updateResult on rx-1: expected update result update-failed; actual: "
                + "rx-1 no update outcome reported; step: step[0] at 0.00s (push the test release to rx-1)");
    }
}
