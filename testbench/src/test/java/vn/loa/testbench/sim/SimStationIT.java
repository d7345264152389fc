package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.ToneAnalysis;
import vn.loa.agent.audio.Tones;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.testbench.dashboard.Action;
import vn.loa.testbench.dashboard.ConsoleSyntax;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.dashboard.ReceiverView;
import vn.loa.testbench.dashboard.Target;
import vn.loa.testbench.headend.ContentServer;

/**
 * Three real receivers, the embedded headend and the content server in one JVM: they register, an emergency from the
 * headend plays on all of them into their captures, and a receiver cut off the network drops from the headend.
 * One station for the whole class (starting three agents is the slow part); tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimStationIT {

    private static final Duration REGISTER_BOUND = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static SimStation sim;

    @BeforeAll
    static void start() throws Exception {
        // A daily default schedule (at midnight): put and prefetched like the 5-minute one, but silent during the test.
        sim = SimStation.builder().receivers(3).dataDir(dir.resolve("sim")).port(0).speech(false)
                .schedulePeriod(Duration.ofDays(1)).start();
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    @Test @Order(1)
    void three_receivers_register_with_the_headend_each_with_its_own_folder_and_capture() {
        await("3 receivers registered").atMost(REGISTER_BOUND).until(() -> sim.registeredCount() == 3);
        assertThat(sim.headend().registrations()).extracting(HeadendServer.Registered::endpoint)
                .containsExactly("loa-sim-rx-1", "loa-sim-rx-2", "loa-sim-rx-3");
        assertThat(sim.receivers()).extracting(SimReceiver::name).containsExactly("rx-1", "rx-2", "rx-3");
        for (SimReceiver r : sim.receivers()) {
            assertThat(r.dataDir()).isEqualTo(dir.resolve("sim").toAbsolutePath().resolve(r.name()));
            assertThat(r.capture()).contains(r.dataDir().resolve("capture.wav"));
            assertThat(r.dataDir().resolve(SimStation.CONFIG_FILE)).exists();
            assertThat(r.station().config().station().name()).isEqualTo(r.name());
            assertThat(r.station().schedule().schedule().entry(SimStation.SCHEDULE_ENTRY)).as(r.name() + " default schedule").isPresent();
            // Registered through its own proxy: the headend sees the proxy's upstream socket, not the receiver.
            assertThat(r.link().udp().stats().delivered()).isPositive();
        }
        assertThat(sim.snapshot().receivers()).extracting(ReceiverView::registration)
                .containsOnly(ReceiverView.Registration.REGISTERED);
        await("status observed").atMost(Duration.ofSeconds(10))
                .until(() -> sim.headend().status("loa-sim-rx-2").get("mains"), v -> Boolean.TRUE.equals(v));
    }

    @Test @Order(2)
    void volume_goes_through_the_headend_and_a_wrong_receiver_is_refused_with_the_reason() {
        await().atMost(REGISTER_BOUND).until(() -> sim.registeredCount() == 3);
        assertThat(sim.perform(new Action.SetVolume(Target.ALL, 65))).isEqualTo(ActionResult.done("volume 65 on 3 of 3 receiver(s)"));
        await("volume 65 everywhere").atMost(Duration.ofSeconds(5))
                .until(() -> sim.snapshot().receivers().stream().allMatch(v -> v.volume() == 65));
        await("the headend observed it").atMost(Duration.ofSeconds(5))
                .until(() -> sim.headend().status("loa-sim-rx-1").get("volume"), v -> Long.valueOf(65).equals(v));
        assertThat(sim.perform(new Action.SetMains("rx-9", false)))
                .isEqualTo(ActionResult.refused("no receiver 'rx-9' (receivers: rx-1, rx-2, rx-3)"));
        assertThat(sim.perform(new Action.PushUpdate(new Target.One("rx-9"))))
                .isEqualTo(ActionResult.refused("no receiver 'rx-9' (receivers: rx-1, rx-2, rx-3)"));
    }

    @Test @Order(3)
    void an_emergency_plays_on_every_connected_receiver_is_reported_in_their_play_logs_while_a_cut_one_drops_from_the_headend() throws Exception {
        await().atMost(REGISTER_BOUND).until(() -> sim.registeredCount() == 3);
        SimReceiver cut = sim.receivers().get(2);
        assertThat(sim.perform(new Action.SetNetwork(cut.name(), false))).isEqualTo(ActionResult.done("cut network of rx-3"));

        ActionResult fired = sim.perform(new Action.Fire(Target.ALL, Level.EMERGENCY));
        assertThat(fired).isInstanceOf(ActionResult.Done.class);
        String message = ((ActionResult.Done) fired).message();
        assertThat(message).startsWith("fired hq-emergency-").contains("to 2 of 3 receiver(s)")
                .contains("loa-sim-rx-3: no answer to create item");
        String itemId = message.substring("fired ".length(), message.indexOf(' ', "fired ".length()));

        List<SimReceiver> connected = sim.receivers().subList(0, 2);
        await("on air at rx-1 and rx-2").atMost(Duration.ofSeconds(10)).until(() -> connected.stream()
                .allMatch(r -> r.station().snapshot().itemId().equals(Optional.of(itemId))));
        assertThat(sim.snapshot().receivers().subList(0, 2))
                .allMatch(v -> v.playing().map(p -> p.level() == Level.EMERGENCY && p.title().equals("Cảnh báo bão số 3")).orElse(false));
        assertThat(cut.station().snapshot().itemId()).isEmpty();

        for (SimReceiver r : connected) {
            await(r.name() + " completed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sim.headend().itemResult(r.endpoint(), itemId).message(), "completed"::equals);
        }
        assertThat(sim.playLog()).filteredOn(e -> e.itemId().equals(itemId) && e.result().equals("completed"))
                .extracting(e -> e.receiverId()).containsExactlyInAnyOrder("rx-1", "rx-2");
        for (SimReceiver r : connected) {
            await(r.name() + " play log record at the headend").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sim.headend().server().playLog().records(r.endpoint()).stream()
                            .anyMatch(rec -> rec.json().contains("\"item\":\"" + itemId + "\"") && rec.json().contains("\"result\":\"completed\"")));
            await(r.name() + " acknowledged").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> r.station().playLog().acknowledgedUpTo() >= sim.headend().server().playLog().records(r.endpoint())
                            .stream().mapToLong(vn.loa.agent.lwm2m.PlayLogInbox.Record::seq).max().orElse(1));
        }
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        new SimConsole(sim, new java.io.PrintStream(screen, true, java.nio.charset.StandardCharsets.UTF_8)).handle("log rx-1");
        assertThat(screen.toString(java.nio.charset.StandardCharsets.UTF_8)).as("the console shows rx-1's own play log")
                .containsPattern("#\\d+ +\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  emergency +" + itemId + " .* completed");

        await("rx-3 dropped from the headend").atMost(sim.silenceLimit().plusSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> !sim.headend().isRegistered(cut.endpoint()));
        assertThat(sim.headend().registrations()).extracting(HeadendServer.Registered::endpoint)
                .containsExactly("loa-sim-rx-1", "loa-sim-rx-2");
        ReceiverView v = sim.snapshot().receivers().get(2);
        assertThat(v.registration()).isEqualTo(ReceiverView.Registration.OFFLINE);
        assertThat(v.networkUp()).isFalse();

        // Cut off, rx-3 still plays its schedule: the bulletin was stored ahead, the slot plays it from the cache.
        ContentServer.Bulletin normal = sim.content().bulletinFor(Level.NORMAL).orElseThrow();
        await("the normal bulletin stored at rx-3").atMost(Duration.ofSeconds(10))
                .until(() -> cut.station().cache().contains(normal.sha256()));
        LocalDateTime at = LocalDateTime.now(cut.station().config().station().zone()).plusSeconds(2);
        ScheduleEntry soon = new ScheduleEntry("offline-slot", new Recurrence.Once(at), BroadcastItem.builder("offline-slot", Level.NORMAL)
                .source(cut.contentBase().resolve(normal.path())).sha256(normal.sha256()).allowNight(true).build(),
                null, false, "test", null);
        assertThat(sim.schedule(cut, soon)).startsWith("entry offline-slot set");
        await("rx-3 airs its slot while cut off").atMost(Duration.ofSeconds(15)).until(() -> sim.playLog().stream()
                .anyMatch(e -> e.receiverId().equals("rx-3") && e.itemId().startsWith("offline-slot@") && e.result().equals("playing")));
        assertThat(cut.station().snapshot().itemId()).hasValueSatisfying(id -> assertThat(id).startsWith("offline-slot@"));
        assertThat(sim.headend().isRegistered(cut.endpoint())).isFalse();
    }

    @Test @Order(4)
    void a_restored_receiver_registers_again() {
        SimReceiver cut = sim.receivers().get(2);
        sim.perform(new Action.SetNetwork(cut.name(), true));
        await("rx-3 registered again").atMost(REGISTER_BOUND).until(() -> sim.headend().isRegistered(cut.endpoint()));
        assertThat(sim.registeredCount()).isEqualTo(3);
    }

    @Test @Order(5)
    void a_full_disk_quota_refuses_a_schedule_change_with_the_reason_and_shows_until_it_is_freed() {
        SimReceiver rx = sim.receivers().get(0);
        assertThat(sim.perform(new Action.SetDiskFull("rx-1", true)))
                .isEqualTo(ActionResult.done("fill the disk of rx-1 (simulated quota used up)"));
        assertThat(sim.snapshot().receivers()).extracting(ReceiverView::diskFull).containsExactly(true, false, false);
        ContentServer.Bulletin normal = sim.content().bulletinFor(Level.NORMAL).orElseThrow();
        ScheduleEntry later = new ScheduleEntry("disk-test", new Recurrence.Once(
                LocalDateTime.now(rx.station().config().station().zone()).plusHours(1)),
                BroadcastItem.builder("disk-test", Level.NORMAL).source(rx.contentBase().resolve(normal.path())).build(),
                null, false, "test", null);
        assertThat(sim.schedule(rx, later)).startsWith("entry disk-test refused: cannot store schedule version")
                .contains("No space left on device (simulated disk quota of rx-1 is full)");
        java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        SimConsole console = new SimConsole(sim, new java.io.PrintStream(screen, true, java.nio.charset.StandardCharsets.UTF_8));
        console.handle("status rx-1");
        console.handle("list");
        assertThat(screen.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(", disk FULL (simulated quota used up), ")
                .containsPattern("rx-1 .*DISK-FULL");

        // What airs while the disk is full is still reported: the play log holds the record until the disk takes it.
        ActionResult fired = sim.perform(new Action.Fire(new Target.One("rx-1"), Level.EMERGENCY));
        assertThat(fired).isInstanceOf(ActionResult.Done.class);
        String message = ((ActionResult.Done) fired).message();
        String itemId = message.substring("fired ".length(), message.indexOf(' ', "fired ".length()));
        await("the emergency completed on a full disk").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> sim.headend().itemResult(rx.endpoint(), itemId).message(), "completed"::equals);
        await("its play log record held in memory").atMost(Duration.ofSeconds(5)).until(() -> rx.station().playLog().heldCount() == 1);
        assertThat(sim.headend().server().playLog().records(rx.endpoint()))
                .noneMatch(rec -> rec.json().contains("\"item\":\"" + itemId + "\""));

        assertThat(sim.perform(new Action.SetDiskFull("rx-1", false))).isEqualTo(ActionResult.done("free the disk of rx-1"));
        assertThat(sim.schedule(rx, later)).startsWith("entry disk-test set");
        assertThat(sim.snapshot().receivers().get(0).diskFull()).isFalse();
        // The schedule change above appended an audit entry, not a play record; the station's once-a-minute tick writes
        // held records (ScheduleRunnerTest proves the tick on a manual clock); here the same call is made at once.
        rx.station().playLog().retryHeld();
        assertThat(rx.station().playLog().heldCount()).isZero();
        await("the record reaches the headend after the disk is freed").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> sim.headend().server().playLog().records(rx.endpoint()).stream()
                        .anyMatch(rec -> rec.json().contains("\"item\":\"" + itemId + "\"") && rec.json().contains("\"result\":\"completed\"")));
    }

    @Test @Order(6)
    void out_of_service_from_the_console_refuses_an_emergency_there_and_back_in_service_clears_it() {
        await().atMost(REGISTER_BOUND).until(() -> sim.registeredCount() == 3);
        SimReceiver rx = sim.receivers().get(1);
        assertThat(sim.perform(ConsoleSyntax.parse("service off rx-2"))).isEqualTo(ActionResult.done(
                "1 of 1 receiver(s) out of service (amplifiers off, nothing plays, emergencies included)"));
        await("rx-2 out of service").atMost(Duration.ofSeconds(5)).until(() -> sim.snapshot().receivers().get(1).outOfService());
        ActionResult fired = sim.perform(new Action.Fire(new Target.One("rx-2"), Level.EMERGENCY));
        String message = ((ActionResult.Done) fired).message();
        String itemId = message.substring("fired ".length(), message.indexOf(' ', "fired ".length()));
        await("refused").atMost(Duration.ofSeconds(10)).until(() -> sim.headend().itemResult(rx.endpoint(), itemId).message(),
                m -> m.startsWith("refused: emergency item " + itemId + ": out of service since "));
        assertThat(rx.station().snapshot().amplifiers().values()).containsOnly(vn.loa.hal.Amplifier.State.OFF);
        assertThat(sim.perform(ConsoleSyntax.parse("service on rx-2"))).isEqualTo(ActionResult.done("1 of 1 receiver(s) back in service"));
        await("back in service").atMost(Duration.ofSeconds(5)).until(() -> !sim.snapshot().receivers().get(1).outOfService());

        assertThat(sim.perform(ConsoleSyntax.parse("speaker open rx-2"))).isEqualTo(ActionResult.done(
                "open (cut) the speaker lines of rx-2"));
        await("line open seen").atMost(Duration.ofSeconds(5)).until(() -> sim.snapshot().receivers().get(1).speakerLineOpen());
        await("both zones' lines debounced").atMost(Duration.ofSeconds(5))
                .until(() -> rx.station().sensors().read().speakerLinesOpen(), v -> v.equals(java.util.Optional.of("main,market")));
        assertThat(sim.perform(ConsoleSyntax.parse("speaker close rx-2"))).isInstanceOf(ActionResult.Done.class);
        await("line closed").atMost(Duration.ofSeconds(5)).until(() -> !sim.snapshot().receivers().get(1).speakerLineOpen());
    }

    @Test @Order(7)
    void closing_leaves_every_amplifier_off_and_the_captures_hold_the_bulletin() throws Exception {
        sim.close();
        for (SimReceiver r : sim.receivers()) {
            assertThat(r.station().snapshot().amplifiers().values()).as(r.name()).containsOnly(vn.loa.hal.Amplifier.State.OFF);
        }
        for (SimReceiver r : sim.receivers().subList(0, 2)) {
            short[] captured = Tones.readMono(r.capture().orElseThrow());
            assertThat(ToneAnalysis.firstSound(captured, 0, 1000)).as(r.name() + " capture has signal").isGreaterThanOrEqualTo(0);
        }
        short[] offline = Tones.readMono(sim.receivers().get(2).capture().orElseThrow());
        assertThat(ToneAnalysis.firstSound(offline, 0, 1000)).as("rx-3 played its schedule while cut off").isGreaterThanOrEqualTo(0);
        assertThat(sim.playLog()).anyMatch(e -> e.receiverId().equals("rx-3") && e.itemId().startsWith("offline-slot@"));
    }
}
