package vn.loa.agent.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.loa.agent.audio.Playback.Phase;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.ManualScheduler;

class ArbiterTest {

    static final Duration TICK = Duration.ofMillis(20);
    ManualScheduler loop;
    FakeAmplifier amp;
    FakePlayer player;
    Arbiter arbiter;
    final List<String> events = new ArrayList<>();

    @BeforeEach void setUp() {
        loop = new ManualScheduler();
        amp = new FakeAmplifier(loop, Duration.ofSeconds(2), Duration.ofSeconds(30));
        player = new FakePlayer();
        arbiter = new Arbiter(loop, amp, player, new Arbiter.Settings(TICK, Duration.ofMillis(300)));
        arbiter.addListener(new ArbiterListener() {
            @Override public void onQueued(BroadcastItem item) { events.add("queued " + item.id()); }
            @Override public void onStarted(BroadcastItem item, java.time.Instant at) { events.add("started " + item.id()); }
            @Override public void onInterrupted(BroadcastItem item, String by) { events.add("interrupted " + item.id() + " by " + by); }
            @Override public void onEnded(BroadcastItem item, ItemResult r, ItemTiming t) { events.add("ended " + item.id() + " " + r.describe()); }
        });
        arbiter.start();
    }

    static BroadcastItem item(String id, Level level) {
        return BroadcastItem.builder(id, level).source("file:/tmp/" + id + ".mp3").build();
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) loop.advance(TICK);
    }

    @Test void audio_starts_only_once_the_amplifier_is_on_after_warm_up() {
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        assertThat(amp.state()).isEqualTo(Amplifier.State.WARMING);
        player.of("N").phase = Phase.READY;
        ticks(99);
        assertThat(player.of("N").phase).isEqualTo(Phase.READY);
        assertThat(arbiter.status().phase()).isEqualTo("waiting-amplifier");
        ticks(1);
        assertThat(player.of("N").phase).isEqualTo(Phase.PLAYING);
        assertThat(player.of("N").fadeIn).isEqualTo(Duration.ofMillis(300));
        assertThat(events).containsExactly("queued N", "started N");
    }

    @Test void completed_item_releases_the_amplifier_to_hold() {
        arbiter.submit(item("N", Level.NORMAL));
        player.of("N");
        loop.runDue();
        player.of("N").phase = Phase.READY;
        ticks(101);
        player.of("N").phase = Phase.ENDED;
        ticks(1);
        assertThat(events).containsExactly("queued N", "started N", "ended N completed");
        assertThat(amp.state()).isEqualTo(Amplifier.State.HOLD);
    }

    @Test void emergency_preempts_normal_within_one_tick_and_normal_resumes_after() {
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        player.of("N").phase = Phase.READY;
        ticks(101);
        FakePlayer.FakePlayback first = player.of("N");
        arbiter.submit(item("E", Level.EMERGENCY));
        loop.runDue();
        assertThat(first.fadedOutWith).isEqualTo(Duration.ofMillis(300));
        player.of("E").phase = Phase.READY;
        ticks(1);
        assertThat(player.of("E").phase).isEqualTo(Phase.PLAYING);
        assertThat(player.of("E").fadeIn).isEqualTo(Duration.ZERO);
        player.of("E").phase = Phase.ENDED;
        ticks(1);
        FakePlayer.FakePlayback again = player.of("N");
        assertThat(again).isNotSameAs(first);
        again.phase = Phase.READY;
        ticks(1);
        assertThat(again.phase).isEqualTo(Phase.PLAYING);
        assertThat(events).containsExactly("queued N", "started N", "interrupted N by E", "started E",
                "ended E completed");
    }

    @Test void preempted_item_with_drop_policy_ends_preempted() {
        arbiter.submit(BroadcastItem.builder("P", Level.PRIORITY).source("file:/p.mp3").build());
        loop.runDue();
        player.of("P").phase = Phase.READY;
        ticks(101);
        arbiter.submit(item("E", Level.EMERGENCY));
        loop.runDue();
        assertThat(events).contains("ended P preempted by E");
    }

    @Test void equal_level_queues_in_arrival_order() {
        arbiter.submit(item("A", Level.NORMAL));
        arbiter.submit(item("B", Level.NORMAL));
        loop.runDue();
        player.of("A").phase = Phase.READY;
        ticks(101);
        assertThat(player.of("B")).isNull();
        player.of("A").phase = Phase.ENDED;
        ticks(1);
        player.of("B").phase = Phase.READY;
        ticks(1);
        assertThat(events).containsExactly("queued A", "queued B", "started A", "ended A completed", "started B");
        assertThat(amp.transitions).containsExactly("OFF->WARMING", "WARMING->ON");
    }

    @Test void lower_level_waits_behind_a_higher_one() {
        arbiter.submit(item("E", Level.EMERGENCY));
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        assertThat(player.of("N")).isNull();
        assertThat(arbiter.status().queued()).isEqualTo(1);
    }

    @Test void repeat_plays_the_item_again_and_counts_plays() {
        List<ItemTiming> timings = new ArrayList<>();
        arbiter.addListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem item, ItemResult r, ItemTiming t) { timings.add(t); }
        });
        arbiter.submit(BroadcastItem.builder("R", Level.NORMAL).source("file:/r.mp3").repeat(3).build());
        loop.runDue();
        for (int play = 0; play < 3; play++) {
            player.of("R").phase = Phase.READY;
            ticks(play == 0 ? 101 : 1);
            assertThat(player.of("R").phase).isEqualTo(Phase.PLAYING);
            ticks(50);
            player.of("R").phase = Phase.ENDED;
            ticks(1);
        }
        assertThat(player.opened).hasSize(3);
        assertThat(events).containsExactly("queued R", "started R", "ended R completed");
        assertThat(timings.get(0).plays()).isEqualTo(3);
        assertThat(timings.get(0).airtime()).isBetween(Duration.ofMillis(3 * 1000), Duration.ofMillis(3 * 1040));
    }

    @Test void max_duration_fades_the_item_out_and_completes_it() {
        arbiter.submit(BroadcastItem.builder("M", Level.NORMAL).source("http://x/s").maxDuration(Duration.ofSeconds(5)).build());
        loop.runDue();
        player.of("M").phase = Phase.READY;
        ticks(100);
        ticks(249);
        assertThat(events).doesNotContain("ended M completed");
        ticks(2);
        assertThat(events).contains("ended M completed");
        assertThat(player.of("M").fadedOutWith).isEqualTo(Duration.ofMillis(300));
    }

    @Test void an_item_on_air_at_its_not_after_is_faded_out_and_completed() {
        java.time.Instant deadline = loop.clock().now().plusSeconds(5);
        arbiter.submit(BroadcastItem.builder("S", Level.EMERGENCY).source("http://x/s").notAfter(deadline).build());
        loop.runDue();
        player.of("S").phase = Phase.READY;
        ticks(249);
        assertThat(player.of("S").phase).isEqualTo(Phase.PLAYING);
        assertThat(events).doesNotContain("ended S completed");
        ticks(2);
        assertThat(events).contains("ended S completed");
        assertThat(player.of("S").fadedOutWith).isEqualTo(Duration.ofMillis(300));
    }

    @Test void an_item_whose_not_after_passes_while_it_waits_in_the_queue_is_refused_and_never_opened() {
        arbiter.submit(item("A", Level.EMERGENCY));
        java.time.Instant deadline = loop.clock().now().plusSeconds(3);
        arbiter.submit(BroadcastItem.builder("B", Level.EMERGENCY).source("http://x/b").notAfter(deadline).build());
        loop.runDue();
        player.of("A").phase = Phase.READY;
        ticks(250);
        player.of("A").phase = Phase.ENDED;
        ticks(1);
        assertThat(events).contains("ended B refused: its not-after " + deadline + " passed before it aired (now "
                + loop.clock().now() + ")");
        assertThat(player.of("B")).as("never opened").isNull();
    }

    @Test void an_item_submitted_after_its_not_after_is_refused_without_demanding_the_amplifier() {
        java.time.Instant deadline = loop.clock().now().minusSeconds(1);
        arbiter.submit(BroadcastItem.builder("L", Level.EMERGENCY).source("http://x/l").notAfter(deadline).build());
        loop.runDue();
        assertThat(events).containsExactly("ended L refused: its not-after " + deadline + " passed before it aired (now "
                + loop.clock().now() + ")");
        assertThat(amp.state()).isEqualTo(Amplifier.State.OFF);
    }

    @Test void the_timing_names_the_source_the_playback_played_from() {
        List<ItemTiming> timings = new ArrayList<>();
        arbiter.addListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem item, ItemResult r, ItemTiming t) { timings.add(t); }
        });
        arbiter.submit(BroadcastItem.builder("F", Level.NORMAL).source("http://down/s").source("cache:" + "a".repeat(64)).build());
        loop.runDue();
        player.of("F").phase = Phase.READY;
        ticks(101);
        player.of("F").url = "cache:" + "a".repeat(64);
        player.of("F").phase = Phase.ENDED;
        ticks(1);
        assertThat(timings).singleElement().extracting(ItemTiming::source).isEqualTo("cache:" + "a".repeat(64));
    }

    @Test void volume_override_reaches_the_player() {
        arbiter.submit(BroadcastItem.builder("V", Level.NORMAL).source("file:/v.mp3").volume(35).build());
        loop.runDue();
        player.of("V").phase = Phase.READY;
        ticks(101);
        assertThat(player.of("V").volume).hasValue(35);
    }

    @Test void amplifier_fault_stops_playback_and_fails_the_item() {
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        player.of("N").phase = Phase.READY;
        ticks(101);
        amp.fault("over-temperature input active");
        loop.runDue();
        assertThat(player.of("N").closed).isTrue();
        assertThat(events).contains("ended N failed: amplifier fault: over-temperature input active");
    }

    @Test void failed_source_ends_the_item_with_its_reason() {
        arbiter.submit(item("F", Level.NORMAL));
        loop.runDue();
        player.of("F").phase = Phase.FAILED;
        player.of("F").failure = "http://x/s: HTTP 404 Not Found";
        ticks(1);
        assertThat(events).containsExactly("queued F", "ended F failed: http://x/s: HTTP 404 Not Found");
    }

    @Test void stop_ends_the_playing_item_with_who_stopped_it() {
        arbiter.submit(item("N", Level.NORMAL));
        arbiter.submit(item("Q", Level.NORMAL));
        loop.runDue();
        player.of("N").phase = Phase.READY;
        ticks(101);
        arbiter.stop("Q", "server 1");
        arbiter.stop("N", "console");
        loop.runDue();
        assertThat(events).containsExactly("queued N", "queued Q", "started N", "ended Q stopped by server 1",
                "ended N stopped by console");
    }

    @Test void duplicate_id_is_refused() {
        arbiter.submit(item("N", Level.NORMAL));
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        assertThat(events).contains("ended N refused: an item with id 'N' is already queued or playing");
    }

    @Test void amplifier_that_faults_inside_demand_fails_the_item_without_reentering_the_arbiter() {
        amp.faultOnDemand = "relay feedback missing";
        arbiter.submit(item("N", Level.NORMAL));
        arbiter.submit(item("M", Level.NORMAL));
        loop.runDue();
        assertThat(events).containsExactly("queued N", "queued M", "ended N failed: amplifier fault: relay feedback missing",
                "ended M failed: amplifier fault: relay feedback missing");
        assertThat(player.of("N").closed).isTrue();
    }

    @Test void amplifier_forced_off_while_playing_ends_the_item_with_the_reason() {
        arbiter.submit(item("N", Level.NORMAL));
        loop.runDue();
        player.of("N").phase = Phase.READY;
        ticks(101);
        amp.forceOff("remote kill from server 1");
        loop.runDue();
        assertThat(player.of("N").closed).isTrue();
        assertThat(events).contains("ended N failed: amplifier switched off while playing: remote kill from server 1");
    }
}
