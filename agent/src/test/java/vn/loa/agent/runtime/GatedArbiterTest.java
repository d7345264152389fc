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

    /** A station at {@code localStart} (Asia/Ho_Chi_Minh) with the real play gate: quiet hours 22:00-05:00 audited. */
    static final class NightRig {
        static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Ho_Chi_Minh");
        final ManualScheduler loop;
        final ScriptedPlayer player = new ScriptedPlayer();
        final vn.loa.agent.store.SimulatedDisk disk = new vn.loa.agent.store.SimulatedDisk();
        final vn.loa.agent.store.AuditLog audit;
        final GatedArbiter gated;
        final List<String> ended = new ArrayList<>();

        NightRig(String localStart) throws java.io.IOException {
            loop = new ManualScheduler(java.time.LocalDateTime.parse(localStart).atZone(ZONE).toInstant(), ZONE);
            audit = vn.loa.agent.store.AuditLog.open(disk, java.nio.file.Path.of("/data/audit"), loop, 4096, 2);
            FakeAmplifier amp = new FakeAmplifier(loop, Duration.ofMillis(500), Duration.ofSeconds(5));
            Arbiter arbiter = new Arbiter(loop, amp, player, new Arbiter.Settings(Duration.ofMillis(500), Duration.ofMillis(100)));
            vn.loa.agent.schedule.PlayGate gate = new vn.loa.agent.schedule.PlayGate(new vn.loa.agent.schedule.QuietHoursGuard(
                    vn.loa.agent.schedule.QuietHoursConfig.defaults(), ZONE, audit), null, loop);
            gated = new GatedArbiter(loop, arbiter, gate::admit);
            arbiter.start();
            gated.addListener(new ArbiterListener() {
                @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                    ended.add(i.id() + " " + r.describe());
                }
            });
        }

        List<String> audited() throws java.io.IOException {
            return vn.loa.agent.store.AuditLog.readAll(disk, java.nio.file.Path.of("/data/audit")).stream()
                    .map(e -> e.who() + " " + e.action() + " " + e.detail()).toList();
        }
    }

    @Test
    void a_normal_bulletin_preempted_at_21_50_by_a_20_minute_emergency_does_not_resume_at_22_10() throws Exception {
        NightRig rig = new NightRig("2026-01-05T21:50:00");
        rig.gated.submit(item("bulletin", Level.NORMAL));
        rig.loop.advance(Duration.ofSeconds(2));
        ScriptedPlayer.Scripted first = rig.player.opened.get("bulletin");
        assertThat(first.phase).isEqualTo(Playback.Phase.PLAYING);
        rig.gated.submit(item("storm", Level.EMERGENCY));
        rig.loop.advance(Duration.ofMinutes(20));
        rig.player.opened.get("storm").phase = Playback.Phase.ENDED;
        rig.loop.advance(Duration.ofSeconds(2));
        assertThat(rig.player.opened.get("bulletin")).as("not opened again").isSameAs(first);
        assertThat(rig.ended).containsExactly("storm completed",
                "bulletin refused: quiet hours 22:00-05:00: normal item bulletin at 22:10 without allowNight");
        assertThat(rig.audited()).containsExactly(
                "lwm2m:1 refused.quiet-hours quiet hours 22:00-05:00: normal item bulletin at 22:10 without allowNight");
    }

    @Test
    void an_item_queued_behind_a_long_one_does_not_start_after_22_00_but_one_allowed_at_night_does() throws Exception {
        NightRig rig = new NightRig("2026-01-05T21:40:00");
        rig.gated.submit(item("long", Level.NORMAL));
        rig.gated.submit(item("second", Level.NORMAL));
        rig.gated.submit(BroadcastItem.builder("night-ok", Level.NORMAL).source("file:/var/lib/loa/n.wav")
                .allowNight(true).origin("lwm2m:1").build());
        rig.loop.advance(Duration.ofMinutes(25));
        rig.player.opened.get("long").phase = Playback.Phase.ENDED;
        rig.loop.advance(Duration.ofSeconds(2));
        assertThat(rig.player.opened).containsOnlyKeys("long", "night-ok");
        assertThat(rig.ended).containsExactly("long completed",
                "second refused: quiet hours 22:00-05:00: normal item second at 22:05 without allowNight");
        assertThat(rig.audited()).singleElement().asString().contains("refused.quiet-hours", "second at 22:05");
    }

    @Test
    void on_mains_loss_a_background_item_the_headend_sent_is_stopped_and_a_new_one_refused_and_audited() throws Exception {
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Ho_Chi_Minh");
        ManualScheduler day = new ManualScheduler(java.time.LocalDateTime.parse("2026-01-05T10:00:00").atZone(zone).toInstant(), zone);
        vn.loa.agent.store.SimulatedDisk disk = new vn.loa.agent.store.SimulatedDisk();
        java.nio.file.Path auditDir = java.nio.file.Path.of("/data/audit");
        vn.loa.agent.store.AuditLog audit = vn.loa.agent.store.AuditLog.open(disk, auditDir, day, 4096, 2);
        vn.loa.agent.schedule.FakePower mains = new vn.loa.agent.schedule.FakePower();
        vn.loa.agent.schedule.PowerPolicy power = new vn.loa.agent.schedule.PowerPolicy(
                new vn.loa.agent.schedule.PowerConfig(true), mains, audit);
        ScriptedPlayer p = new ScriptedPlayer();
        Arbiter a = new Arbiter(day, new FakeAmplifier(day, Duration.ofMillis(500), Duration.ofSeconds(5)), p,
                new Arbiter.Settings(Duration.ofMillis(100), Duration.ofMillis(100)));
        vn.loa.agent.schedule.PlayGate gate = new vn.loa.agent.schedule.PlayGate(new vn.loa.agent.schedule.QuietHoursGuard(
                vn.loa.agent.schedule.QuietHoursConfig.defaults(), zone, audit), power, day);
        GatedArbiter g = new GatedArbiter(day, a, gate::admit);
        g.followPower(power);
        a.start();
        List<String> out = new ArrayList<>();
        g.addListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                out.add(i.id() + " " + r.describe());
            }
        });
        g.submit(item("music", Level.BACKGROUND));
        day.advance(Duration.ofSeconds(2));
        assertThat(p.opened.get("music").phase).isEqualTo(Playback.Phase.PLAYING);
        day.execute(() -> mains.set(false));
        day.advance(Duration.ofSeconds(1));
        g.submit(item("news", Level.NORMAL));
        g.submit(item("warn", Level.PRIORITY));
        day.advance(Duration.ofSeconds(2));
        assertThat(out).containsExactly(
                "music stopped by mains power lost; background and normal items are skipped on battery",
                "news refused: on battery (mains lost): background and normal items are skipped");
        assertThat(p.opened.get("warn").phase).as("priority plays on battery").isEqualTo(Playback.Phase.PLAYING);
        assertThat(vn.loa.agent.store.AuditLog.readAll(disk, auditDir)).extracting(e -> e.who() + " " + e.action())
                .containsExactly("power power.mains-lost", "lwm2m:1 refused.power");
    }
}
