package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.Tones;
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.broadcast.ArbiterListener;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.ItemTiming;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleChange;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.agent.store.AuditEntry;
import vn.loa.agent.store.PlayRecord;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;

/**
 * A whole station on the simulated board with real threads (control loop, audio thread into a WAV capture): the
 * schedule, play gate, power policy, play log, audit log and content cache wired together. Waits are bounded.
 */
class StationIT {

    static final String QUIET_OFF = "\"quietHours\": {\"enabled\": false}";

    @TempDir Path tmp;
    Station station;
    final List<String> ended = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (station != null) station.close();
    }

    Station start(String sections) throws Exception {
        LoaConfig config = LoaConfig.parse("{" + sections + "}", "loa.json", tmp.resolve("data"));
        station = Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture.wav")))
                .syncProbe(() -> Optional.of(true)).start();
        station.addItemListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                ended.add(i.id() + " " + r.describe());
            }
        });
        return station;
    }

    Path tone(String name) throws Exception {
        return Tones.wav(tmp.resolve(name), 48_000, 2, 1000, 0.5, 0.5);
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    List<PlayRecord> playLog() throws Exception {
        return station.playLog().since(Instant.EPOCH);
    }

    @Test
    void the_volume_and_mute_the_headend_set_survive_a_restart_of_the_station() throws Exception {
        start(QUIET_OFF + ", \"audio\": {\"volume\": 80}");
        station.audioControl().setVolume(35, "server 9");
        station.audioControl().setMuted(true, "server 9");
        Path saved = tmp.resolve("data/audio.json");
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> Files.exists(saved)
                && Files.readString(saved).contains("\"volume\":35,\"muted\":true"));
        station.close();
        station = null;

        start(QUIET_OFF + ", \"audio\": {\"volume\": 80}");
        assertThat(station.audioControl().status().volume()).isEqualTo(35);
        assertThat(station.audioControl().status().muted()).isTrue();
        assertThat(station.audit().since(Instant.EPOCH)).extracting(e -> e.who() + " " + e.detail())
                .contains("server 9 master volume 35", "server 9 muted");
        station.close();
        station = null;

        start(QUIET_OFF + ", \"audio\": {\"volume\": 60}");
        assertThat(station.audioControl().status().volume()).as("the installer changed loa.json since").isEqualTo(60);
        assertThat(station.audioControl().status().muted()).isFalse();
    }

    @Test
    void loa_run_never_trusts_a_clock_set_before_the_agent_was_built() throws Exception {
        Instant built = vn.loa.agent.diagnose.ClockCheck.buildTimeOf(Station.class);
        assertThat(built).as("precondition: a real build time, not the fallback")
                .isAfter(vn.loa.agent.diagnose.ClockCheck.EARLIEST_BUILD.plus(java.time.Duration.ofDays(2)));
        Instant dayBefore = built.minus(java.time.Duration.ofDays(1));
        long offset = Instant.now().toEpochMilli() - dayBefore.toEpochMilli();
        Clock behind = new Clock() {
            @Override public Instant now() { return Instant.now().minusMillis(offset); }
            @Override public long monotonicNanos() { return System.nanoTime(); }
            @Override public java.time.ZoneId zone() { return Clock.VIETNAM; }
        };
        LoaConfig config = LoaConfig.parse("{" + QUIET_OFF + "}", "loa.json", tmp.resolve("data"));
        station = RunCommand.stationBuilder(config, behind, new WavCaptureSink(tmp.resolve("capture.wav")), () -> null)
                .syncProbe(() -> Optional.of(true)).start();
        assertThat(station.clockTrust().current()).asString().contains("is before the build date " + built);
    }

    @Test
    void a_schedule_entry_due_soon_plays_from_the_cache_and_lands_in_the_play_log_with_its_scheduled_start() throws Exception {
        Path tone = tone("bulletin.wav");
        String sha = sha256(tone);
        Files.createDirectories(tmp.resolve("data/cache"));
        Files.copy(tone, tmp.resolve("data/cache/" + sha)); // adopted by the cache at open
        start(QUIET_OFF);
        assertThat(station.clockTrust().current().trusted()).isTrue();
        StationSnapshot idle = station.snapshot();
        assertThat(idle.name()).isEqualTo("loa");
        assertThat(idle.endpoint()).isEmpty();
        assertThat(idle.registered()).isFalse();
        assertThat(idle.phase()).isEqualTo("idle");
        assertThat(idle.itemId()).isEmpty();
        assertThat(idle.amplifiers()).containsOnlyKeys("main", "market");
        assertThat(idle.clockTrusted()).isTrue();
        assertThat(idle.mains()).isTrue();
        assertThat(idle.tamper()).isFalse();
        assertThat(idle.volume()).isEqualTo(80);
        assertThat(idle.version()).isEqualTo(station.version());

        LocalDateTime at = LocalDateTime.now(Clock.VIETNAM).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        ScheduleEntry entry = new ScheduleEntry("morning-news", new Recurrence.Once(at),
                BroadcastItem.builder("morning-news", Level.NORMAL).source("http://headend.invalid/news.wav").sha256(sha)
                        .origin("srv1").build(), null, false, "srv1", null);
        ScheduleChange[] change = new ScheduleChange[1];
        station.loop().execute(() -> change[0] = station.schedule().put(entry, "srv1"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> change[0] != null);
        assertThat(change[0]).isInstanceOf(ScheduleChange.Applied.class);

        await().atMost(20, TimeUnit.SECONDS).until(() -> !playLog().isEmpty());
        PlayRecord r = playLog().get(0);
        String id = "morning-news@" + at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        assertThat(r.event().itemId()).isEqualTo(id);
        assertThat(r.event().result()).isEqualTo(new ItemResult.Completed());
        assertThat(r.event().scheduledStart()).isEqualTo(at.atZone(Clock.VIETNAM).toInstant());
        assertThat(r.event().actualStart()).isAfterOrEqualTo(r.event().scheduledStart());
        assertThat(r.event().source()).isEqualTo("cache:" + sha);
        assertThat(r.event().origin()).isEqualTo("schedule:srv1");
        assertThat(ended).containsExactly(id + " completed");
        assertThat(station.audit().since(Instant.EPOCH)).extracting(AuditEntry::action).contains("schedule.add");
    }

    @Test
    void a_disk_full_at_start_still_brings_the_station_up_and_an_emergency_plays_its_record_held() throws Exception {
        start(QUIET_OFF).close(); // a first boot leaves its schedule, logs and cache on the disk
        station = null;
        vn.loa.agent.store.FillableDisk disk = new vn.loa.agent.store.FillableDisk();
        disk.full = true;
        LoaConfig config = LoaConfig.parse("{" + QUIET_OFF + "}", "loa.json", tmp.resolve("data"));
        station = Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture2.wav"))).disk(disk)
                .syncProbe(() -> Optional.of(true)).start();
        station.addItemListener(new ArbiterListener() {
            @Override public void onEnded(BroadcastItem i, ItemResult r, ItemTiming t) {
                ended.add(i.id() + " " + r.describe());
            }
        });
        station.submit(BroadcastItem.builder("flood", Level.EMERGENCY).source(tone("alert.wav").toUri()).origin("lwm2m:1").build());
        await().atMost(20, TimeUnit.SECONDS).until(() -> ended.size() == 1);
        assertThat(ended).containsExactly("flood completed");
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.playLog().heldCount() == 1);
        disk.full = false;
        station.playLog().retryHeld();
        assertThat(playLog()).extracting(p -> p.event().itemId() + " " + p.event().result().code()).containsExactly("flood completed");
    }

    @Test
    void quiet_hours_refuse_a_submitted_normal_item_audited_and_reported_as_refused_while_an_emergency_plays() throws Exception {
        LocalTime now = LocalTime.now(Clock.VIETNAM);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        start("\"quietHours\": {\"start\": \"" + now.minusHours(1).format(hm) + "\", \"end\": \"" + now.plusHours(1).format(hm) + "\"}");
        Path tone = tone("alert.wav");
        station.submit(BroadcastItem.builder("chat", Level.NORMAL).source(tone.toUri()).origin("lwm2m:1").build());
        station.submit(BroadcastItem.builder("flood", Level.EMERGENCY).source(tone.toUri()).origin("lwm2m:1").build());

        await().atMost(20, TimeUnit.SECONDS).until(() -> ended.size() == 2);
        assertThat(ended.get(0)).startsWith("chat refused: quiet hours ").contains("normal item chat at ", "without allowNight");
        assertThat(ended.get(1)).isEqualTo("flood completed");
        List<AuditEntry> audit = station.audit().since(Instant.EPOCH);
        assertThat(audit).filteredOn(e -> e.action().equals("refused.quiet-hours"))
                .singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("lwm2m:1"));
        assertThat(playLog()).extracting(p -> p.event().itemId() + " " + p.event().result().code())
                .containsExactly("chat refused", "flood completed");
    }

    @Test
    void with_an_allow_list_an_emergency_from_an_unlisted_server_is_refused_audited_and_logged_and_a_local_one_plays()
            throws Exception {
        start(QUIET_OFF + ", \"audio\": {\"allowSources\": [\"https://content.xa-an-binh.vn/\"]}");
        station.submit(BroadcastItem.builder("hijack", Level.EMERGENCY).source("http://127.0.0.1:9/attack.mp3")
                .origin("lwm2m:1").build());
        station.submit(BroadcastItem.builder("flood", Level.EMERGENCY).source(tone("alert.wav").toUri()).origin("lwm2m:1").build());

        await().atMost(20, TimeUnit.SECONDS).until(() -> ended.size() == 2);
        assertThat(ended).containsExactly("hijack refused: emergency item hijack: source http://127.0.0.1:9/attack.mp3 is not in "
                + "audio.allowSources of loa.json (https://content.xa-an-binh.vn/)", "flood completed");
        assertThat(station.audit().since(Instant.EPOCH)).filteredOn(e -> e.action().equals("refused.source"))
                .singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("lwm2m:1"));
        assertThat(playLog()).extracting(p -> p.event().itemId() + " " + p.event().result().code())
                .containsExactly("hijack refused", "flood completed");
    }

    @Test
    void on_mains_loss_background_is_skipped_and_audited_and_priority_still_plays() throws Exception {
        start(QUIET_OFF);
        assertThat(RunCommand.started(station)).isEqualTo("station loa on simulated; no LwM2M server (no lwm2m section); "
                + "schedule version 0 with 0 entries; quiet hours off; on mains; clock trusted; updates off; data " + tmp.resolve("data"));
        ((SimulatedBoard) station.board()).setInput("mainsPresent", false);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !station.power().onMains());
        assertThat(station.snapshot().mains()).isFalse();

        Path tone = tone("music.wav");
        station.submit(BroadcastItem.builder("music", Level.BACKGROUND).source(tone.toUri()).origin("cli").build());
        station.submit(BroadcastItem.builder("relay", Level.PRIORITY).source(tone.toUri()).origin("cli").build());
        await().atMost(20, TimeUnit.SECONDS).until(() -> ended.size() == 2);
        assertThat(ended).containsExactly("music refused: on battery (mains lost): background items are skipped",
                "relay completed");
        assertThat(station.audit().since(Instant.EPOCH)).extracting(AuditEntry::action).contains("power.mains-lost");
    }

    @Test
    void a_damaged_cached_bulletin_is_not_played_and_fails_with_the_cache_reason() throws Exception {
        Path tone = tone("b.wav");
        String sha = sha256(tone);
        Files.createDirectories(tmp.resolve("data/cache"));
        Files.write(tmp.resolve("data/cache/" + sha), new byte[] {1, 2, 3});
        start(QUIET_OFF);
        station.submit(BroadcastItem.builder("stored", Level.NORMAL).source("cache:" + sha).origin("cli").build());
        await().atMost(10, TimeUnit.SECONDS).until(() -> ended.size() == 1);
        assertThat(ended.get(0)).startsWith("stored failed: stored file ").contains("hashes to ", "not its name");
        assertThat(station.cache().contains(sha)).as("deleted from the cache").isFalse();
        assertThat(station.snapshot().amplifiers().get("main")).isNotNull();
    }

    @Test
    void a_data_folder_that_is_a_file_is_a_config_problem_and_nothing_is_powered() throws Exception {
        Files.writeString(tmp.resolve("data"), "not a folder");
        LoaConfig config = LoaConfig.parse("{}", "loa.json", tmp.resolve("data"));
        assertThatThrownBy(() -> Station.builder(config).sink(new WavCaptureSink(tmp.resolve("c.wav"))).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.dataDir " + tmp.resolve("data") + ": cannot open the logs: ")
                .hasMessageEndingWith("; amplifiers stay off");
    }
}
