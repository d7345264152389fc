package vn.loa.testbench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.Amplifier;
import vn.loa.hal.json.ConfigException;

class EvaluatorTest {

    final List<ScenarioEvent> events = new ArrayList<>();

    static Duration s(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    Outcome judge(String expectation) throws ConfigException {
        Scenario sc = new ScenarioParser().parse("""
                {"receivers": 1, "bulletins": {"b": {"seconds": 2}},
                 "steps": [{"at": "1s", "do": "fire", "id": "low", "level": "normal", "bulletin": "b"},
                           {"at": "2s", "do": "fire", "id": "high", "level": "emergency", "bulletin": "b"},
                           {"at": "5s", "do": "wait"}],
                 "expect": [%s]}
                """.formatted(expectation), "e.json");
        List<StepRecord> steps = sc.steps().stream().map(x -> new StepRecord(x, x.at(), false, "done")).toList();
        return new Evaluator(sc, events, steps, s(-1)).evaluate().get(0);
    }

    @Test void a_registration_after_the_bound_fails_saying_when_it_came() throws Exception {
        events.add(new ScenarioEvent.Registration(s(-0.5), "rx-1", "failed", "unreachable", "no answer"));
        events.add(new ScenarioEvent.Registration(s(2), "rx-1", "registered", "", "reg 1"));

        Outcome o = judge("{\"expect\": \"registered\", \"within\": \"2s\"}");

        assertThat(o.held()).isFalse();
        assertThat(o.actual()).isEqualTo("rx-1 registered 3.00s after the station's start");
        assertThat(judge("{\"expect\": \"notRegistered\"}").actual()).isEqualTo("rx-1 registered at 2.00s");
    }

    @Test void an_item_dropped_by_a_higher_level_counts_as_preempted_even_without_an_interruption_event() throws Exception {
        events.add(new ScenarioEvent.ItemStarted(s(1.2), "rx-1", "low", Level.NORMAL));
        events.add(new ScenarioEvent.ItemEnded(s(2.1), "rx-1", "low", Level.NORMAL, new ItemResult.Preempted("high"), 0, s(0.9)));

        Outcome o = judge("{\"expect\": \"preempted\", \"item\": \"low\", \"by\": \"high\"}");

        assertThat(o.held()).isTrue();
        assertThat(o.actual()).isEqualTo("rx-1 'low' cut off by 'high' at 2.10s");
    }

    @Test void an_item_that_played_through_is_not_preempted_and_the_message_says_how_it_ended() throws Exception {
        events.add(new ScenarioEvent.ItemStarted(s(1.2), "rx-1", "low", Level.NORMAL));
        events.add(new ScenarioEvent.ItemEnded(s(3.2), "rx-1", "low", Level.NORMAL, new ItemResult.Completed(), 2, s(2)));

        Outcome o = judge("{\"expect\": \"preempted\", \"item\": \"low\", \"by\": \"high\"}");

        assertThat(o.held()).isFalse();
        assertThat(o.actual()).isEqualTo("rx-1 'low' was not cut off by 'high' (ended completed at 3.20s)");
        assertThat(judge("{\"expect\": \"noUnderruns\"}").actual()).isEqualTo("rx-1 underruns: 'low' 2");
    }

    @Test void an_amplifier_state_outside_its_window_lists_what_happened_after_the_window_opened() throws Exception {
        events.add(new ScenarioEvent.AmplifierTransition(s(0.5), "rx-1", Amplifier.State.OFF, Amplifier.State.WARMING, "demand"));
        events.add(new ScenarioEvent.AmplifierTransition(s(2.5), "rx-1", Amplifier.State.WARMING, Amplifier.State.ON, "warm"));
        events.add(new ScenarioEvent.AmplifierTransition(s(4.5), "rx-1", Amplifier.State.ON, Amplifier.State.HOLD, "idle"));

        Outcome late = judge("{\"expect\": \"amplifier\", \"state\": \"on\", \"after\": \"1s\", \"within\": \"1s\"}");
        Outcome inTime = judge("{\"expect\": \"amplifier\", \"state\": \"on\", \"after\": \"1s\", \"within\": \"2s\"}");

        assertThat(late.held()).isFalse();
        assertThat(late.actual()).isEqualTo("rx-1 amplifier never ON in that window; transitions from 1.00s: ON at 2.50s, HOLD at 4.50s");
        assertThat(late.step()).isEqualTo("step[0] at 1.00s (fire normal 'low' (bulletin b) to rx-1)");
        assertThat(inTime.held()).isTrue();
    }

    @Test void a_schedule_occurrence_is_matched_by_its_entry_id_and_timed_from_its_due_time() throws Exception {
        Scenario sc = new ScenarioParser().parse("""
                {"receivers": 1, "bulletins": {"b": {"seconds": 2}},
                 "steps": [{"at": "0s", "do": "schedule", "id": "news", "bulletin": "b", "due": "3s"}, {"at": "8s", "do": "wait"}],
                 "expect": [{"expect": "aired", "item": "news", "startedWithin": "2s"}]}
                """, "s.json");
        events.add(new ScenarioEvent.ItemStarted(s(5.5), "rx-1", "news@2026-11-23T10:00", Level.NORMAL));
        events.add(new ScenarioEvent.ItemEnded(s(7.5), "rx-1", "news@2026-11-23T10:00", Level.NORMAL, new ItemResult.Completed(), 0, s(2)));

        Outcome o = new Evaluator(sc, events, List.of(), Duration.ZERO).evaluate().get(0);

        assertThat(o.held()).isFalse();
        assertThat(o.actual()).isEqualTo("rx-1 first audible at 5.50s (2.50s after being due), ended completed at 7.50s");
    }
}
