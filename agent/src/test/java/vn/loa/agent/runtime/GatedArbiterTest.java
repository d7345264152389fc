package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.loa.agent.audio.Playback;
import vn.loa.agent.broadcast.Arbiter;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.FakeAmplifier;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.lwm2m.BroadcastControl;
import vn.loa.agent.schedule.Admission;
import vn.loa.hal.time.ManualScheduler;

class GatedArbiterTest {

    final ManualScheduler loop = new ManualScheduler();
    final FakeAmplifier amp = new FakeAmplifier(loop, Duration.ofMillis(500), Duration.ofSeconds(5));
    final ScriptedPlayer player = new ScriptedPlayer();
    final Arbiter arbiter = new Arbiter(loop, amp, player, new Arbiter.Settings(Duration.ofMillis(20), Duration.ofMillis(100)));
    final GatedArbiter gated = new GatedArbiter(loop, arbiter,
            item -> item.level() == Level.NORMAL ? new Admission.Refused("quiet hours 22:00-05:00: no normal at night") : Admission.ADMITTED);
    final List<String> ended = new ArrayList<>();
    final List<String> lwm2m = new ArrayList<>();

    GatedArbiterTest() {
        arbiter.start();
        gated.addListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                ended.add(i.id() + " " + r.describe());
            }
        });
        new ArbiterBroadcasts(gated).addItemListener(new BroadcastControl.ItemListener() {
            @Override public void onState(String id, BroadcastControl.ItemState s) {
                lwm2m.add(id + " " + s.name().toLowerCase());
            }

            @Override public void onResult(String id, ItemResult r) {
                lwm2m.add(id + " " + r.describe());
            }
        });
    }

    static BroadcastItem item(String id, Level level) {
        return BroadcastItem.builder(id, level).source("file:/var/lib/loa/" + id + ".wav").origin("lwm2m:1").build();
    }

    @Test
    void a_refused_item_never_reaches_the_arbiter_and_ends_once_as_refused_for_every_listener() {
        new ArbiterBroadcasts(gated).submit(item("night-news", Level.NORMAL));
        loop.advance(Duration.ofSeconds(1));
        assertThat(player.opened).isEmpty();
        assertThat(amp.demands).isZero();
        assertThat(ended).containsExactly("night-news refused: quiet hours 22:00-05:00: no normal at night");
        assertThat(lwm2m).containsExactly("night-news refused: quiet hours 22:00-05:00: no normal at night");
    }

    @Test
    void an_admitted_item_plays_and_its_transitions_reach_the_management_plane() {
        new ArbiterBroadcasts(gated).submit(item("storm", Level.EMERGENCY));
        loop.advance(Duration.ofSeconds(1));
        assertThat(player.opened).containsKey("storm");
        player.opened.get("storm").phase = Playback.Phase.ENDED;
        loop.advance(Duration.ofMillis(100));
        assertThat(ended).containsExactly("storm completed");
        assertThat(lwm2m).containsExactly("storm queued", "storm playing", "storm completed");
    }

    @Test
    void stop_reaches_the_arbiter() {
        gated.submit(item("relay", Level.PRIORITY));
        loop.advance(Duration.ofSeconds(1));
        new ArbiterBroadcasts(gated).stop("relay", "lwm2m:1");
        loop.advance(Duration.ofMillis(100));
        assertThat(ended).containsExactly("relay stopped by lwm2m:1");
    }
}
