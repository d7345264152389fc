package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.Tones;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.agent.store.BulletinServer;
import vn.loa.agent.store.PlayRecord;
import vn.loa.hal.time.Clock;

/**
 * The headend sets the station's schedule through Broadcast Items (33001) with a recurrence or a start ahead: Play
 * stores a durable schedule entry, Stop and Delete remove it, bad recurrence writes are refused with the reason.
 */
class HeadendScheduleIT {

    @TempDir Path tmp;
    TestServer server;
    Station station;

    @AfterEach
    void tearDown() {
        if (station != null) station.close();
        if (server != null) server.close();
    }

    Registration startStation() throws Exception {
        return startStation(true);
    }

    Registration startStation(boolean ntpSynchronised) throws Exception {
        return startStation(ntpSynchronised, Clock.system(Clock.VIETNAM), null);
    }

    /** @param authorityKey base64 Ed25519 public key: signed emergencies required; {@code null}: none */
    Registration startStation(boolean ntpSynchronised, Clock clock, String authorityKey) throws Exception {
        ServedStation served = ServedStation.start(tmp,
                "{\"quietHours\": {\"enabled\": false}, \"audio\": {\"fallbackAfterSeconds\": 1}}", ntpSynchronised, clock,
                authorityKey);
        server = served.server();
        station = served.station();
        return server.awaitRegistration();
    }

    /** The machine's clocks, the wall clock set to a chosen station time (the monotonic clock untouched). */
    static final class SetClock implements Clock {
        private volatile java.time.Duration offset = java.time.Duration.ZERO;

        void setLocal(LocalDateTime t) {
            offset = java.time.Duration.between(Instant.now(), t.atZone(zone()).toInstant());
        }

        @Override public Instant now() { return Instant.now().plus(offset); }
        @Override public long monotonicNanos() { return System.nanoTime(); }
        @Override public java.time.ZoneId zone() { return Clock.VIETNAM; }
    }

    ResponseCode write(Registration reg, int resource, Object value) throws Exception {
        WriteRequest w = switch (value) {
            case String s -> new WriteRequest(33001, 0, resource, s);
            case Long l -> new WriteRequest(33001, 0, resource, l);
            case Date d -> new WriteRequest(33001, 0, resource, d);
            case byte[] b -> new WriteRequest(33001, 0, resource, b);
            default -> throw new AssertionError(value);
        };
        WriteResponse r = server.send(reg, w);
        assertThat(r.isSuccess()).as("write /33001/0/%d: %s", resource, r).isTrue();
        return r.getCode();
    }

    List<PlayRecord> logged(String prefix) {
        return station.playLog().unacknowledged(16).stream().filter(r -> r.event().itemId().startsWith(prefix)).toList();
    }

    void create(Registration reg, String id, Path tone) throws Exception {
        var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, id),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "normal"),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, tone.toUri().toString())))));
        assertThat(created.getCode()).as(created.toString()).isEqualTo(ResponseCode.CREATED);
    }

    String read(Registration reg, int resource) throws Exception {
        ReadResponse r = server.send(reg, new ReadRequest(33001, 0, resource));
        assertThat(r.isSuccess()).as(r.toString()).isTrue();
        return String.valueOf(((LwM2mSingleResource) r.getContent()).getValue());
    }

    @Test
    void a_weekly_item_played_by_the_headend_becomes_a_durable_schedule_entry_and_stop_removes_it() throws Exception {
        Path tone = Tones.wav(tmp.resolve("news.wav"), 48_000, 2, 440, 0.5, 1.0);
        Registration reg = startStation();
        create(reg, "morning-news", tone);
        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.DAYS_OF_WEEK, "mon,wed,fri")).isSuccess()).isTrue();
        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.TIMES_OF_DAY, "17:30,06:00")).isSuccess()).isTrue();
        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.VALID_UNTIL, "2027-06-30")).isSuccess()).isTrue();
        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.PINNED, true)).isSuccess()).isTrue();

        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.isSuccess()).as(play.toString()).isTrue();

        ScheduleEntry e = station.schedule().schedule().entry("morning-news").orElseThrow();
        assertThat(e.recurrence()).isEqualTo(new Recurrence.Weekly(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.FRIDAY), List.of(LocalTime.of(6, 0), LocalTime.of(17, 30)), null, java.time.LocalDate.of(2027, 6, 30)));
        assertThat(e.pinned()).isTrue();
        assertThat(e.setBy()).isEqualTo("lwm2m:1");
        assertThat(e.item().sources()).containsExactly(tone.toUri());
        assertThat(read(reg, BroadcastItemEnabler.STATE)).isEqualTo("scheduled");
        assertThat(read(reg, BroadcastItemEnabler.RESULT)).isEqualTo("in the station's schedule: mon,wed,fri at 06:00,17:30 until 2027-06-30");
        assertThat(read(reg, BroadcastItemEnabler.DAYS_OF_WEEK)).isEqualTo("mon,wed,fri");
        Path stored = station.config().store().scheduleFile();
        assertThat(Files.readString(stored)).as("persisted").contains("morning-news");

        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.STOP)).isSuccess()).isTrue();
        assertThat(station.schedule().schedule().entry("morning-news")).isEmpty();
        assertThat(read(reg, BroadcastItemEnabler.STATE)).isEqualTo("ended");
        assertThat(Files.readString(stored)).doesNotContain("morning-news");
    }

    @Test
    void a_one_off_item_with_a_start_ahead_is_stored_then_plays_from_the_schedule_and_is_logged() throws Exception {
        Path tone = Tones.wav(tmp.resolve("once.wav"), 48_000, 2, 1000, 0.5, 0.5);
        Registration reg = startStation();
        create(reg, "noon-alert", tone);
        Instant at = Instant.now().plusSeconds(3);
        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.START_TIME, Date.from(at))).isSuccess()).isTrue();
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
        assertThat(station.schedule().schedule().entry("noon-alert")).get()
                .extracting(ScheduleEntry::recurrence).isInstanceOf(Recurrence.Once.class);

        await().atMost(20, TimeUnit.SECONDS).until(() -> station.playLog().unacknowledged(16).stream()
                .map(PlayRecord::event).anyMatch(ev -> ev.itemId().startsWith("noon-alert@") && ev.result().describe().equals("completed")));
        PlayRecord r = station.playLog().unacknowledged(16).stream().filter(x -> x.event().itemId().startsWith("noon-alert@"))
                .findFirst().orElseThrow();
        assertThat(r.event().scheduledStart()).as("logged with its scheduled start").isNotNull();
    }

    @Test
    void a_weekly_item_with_a_max_duration_is_stored_with_it_and_its_occurrence_is_cut_there() throws Exception {
        Path relay = Tones.wav(tmp.resolve("relay.wav"), 48_000, 2, 440, 0.5, 8.0);
        SetClock clock = new SetClock();
        Registration reg = startStation(true, clock, null);
        create(reg, "relay", relay);
        write(reg, BroadcastItemEnabler.DAYS_OF_WEEK, "wed");
        write(reg, BroadcastItemEnabler.TIMES_OF_DAY, "07:00");
        write(reg, BroadcastItemEnabler.MAX_DURATION, 1L);
        assertThat(read(reg, BroadcastItemEnabler.MAX_DURATION)).isEqualTo("1");
        clock.setLocal(LocalDateTime.parse("2027-01-06T06:59:55")); // a Wednesday, 5 s before the slot
        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.isSuccess()).as(play.toString()).isTrue();

        ScheduleEntry e = station.schedule().schedule().entry("relay").orElseThrow();
        assertThat(e.item().maxDuration()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(e.item().notAfter()).as("no End Time written").isNull();
        assertThat(Files.readString(station.config().store().scheduleFile())).contains("\"maxDurationSeconds\" : 1");

        await().atMost(30, TimeUnit.SECONDS).until(() -> !logged("relay@2027-01-06T07:00").isEmpty());
        var ev = logged("relay@2027-01-06T07:00").get(0).event();
        assertThat(ev.result().describe()).isEqualTo("completed");
        assertThat(java.time.Duration.between(ev.actualStart(), ev.end())).as("cut at 1 s of an 8 s relay")
                .isBetween(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(4));
    }

    @Test
    void a_stream_down_at_slot_time_plays_the_stored_fallback_the_headend_set_and_the_log_names_it() throws Exception {
        Path tone = Tones.wav(tmp.resolve("fallback.wav"), 48_000, 2, 1000, 0.5, 0.5);
        byte[] fallback = Files.readAllBytes(tone);
        String sha = BulletinServer.sha256(fallback);
        try (BulletinServer content = new BulletinServer()) {
            java.net.URI from = content.put("/fallback.wav", fallback);
            java.net.URI live = content.uri("/live"); // not served: the stream is down
            Registration reg = startStation();
            var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                    LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, "relay"),
                    LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "normal"),
                    LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, live.toString())))));
            assertThat(created.getCode()).as(created.toString()).isEqualTo(ResponseCode.CREATED);
            write(reg, BroadcastItemEnabler.FALLBACK_URI, from.toString());

            ExecuteResponse half = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
            assertThat(half.getErrorMessage()).isEqualTo("a fallback needs both its URI (resource 21) and its SHA-256 (resource 22)");
            write(reg, BroadcastItemEnabler.FALLBACK_SHA256, sha);
            ExecuteResponse atOnce = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
            assertThat(atOnce.getErrorMessage()).isEqualTo("a fallback is kept only with an item stored in the station's schedule"
                    + " (Days Of Week + Times Of Day, or a Start Time ahead); item 'relay' plays at Play, before its fallback could be fetched");
            assertThat(read(reg, BroadcastItemEnabler.STATE)).as("nothing happened").isEqualTo("idle");

            write(reg, BroadcastItemEnabler.START_TIME, Date.from(Instant.now().plusSeconds(6)));
            ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
            assertThat(play.isSuccess()).as(play.toString()).isTrue();
            ScheduleEntry e = station.schedule().schedule().entry("relay").orElseThrow();
            assertThat(e.fallback()).isEqualTo(new ScheduleEntry.Fallback(sha, from));
            await().atMost(10, TimeUnit.SECONDS).until(() -> station.cache().contains(sha));
            assertThat(station.cache().pinned()).as("prefetched and pinned like other stored content").contains(sha);

            await().atMost(30, TimeUnit.SECONDS).until(() -> !logged("relay@").isEmpty());
            var ev = logged("relay@").get(0).event();
            assertThat(ev.result().describe()).isEqualTo("completed");
            assertThat(ev.source()).as("the source that aired").isEqualTo("cache:" + sha);
        }
    }

    @Test
    void a_signed_weekly_emergency_keeps_its_not_after_and_no_occurrence_lies_beyond_it() throws Exception {
        java.security.KeyPair authority = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = java.util.Base64.getEncoder().encodeToString(authority.getPublic().getEncoded());
        Path tone = Tones.wav(tmp.resolve("storm.wav"), 48_000, 2, 1000, 0.5, 0.5);
        SetClock clock = new SetClock();
        Registration reg = startStation(true, clock, pub);
        clock.setLocal(LocalDateTime.parse("2027-01-06T06:00:00"));
        Instant notAfter = clock.now().plus(java.time.Duration.ofHours(23)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] nonce = "nonce-weekly-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.Signature sig = java.security.Signature.getInstance("Ed25519");
        sig.initSign(authority.getPrivate());
        sig.update(EmergencyAuthenticator.canonicalBytes("storm", vn.loa.agent.broadcast.Level.EMERGENCY,
                List.of(tone.toUri()), null, notAfter, nonce));
        var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, "storm"),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "emergency"),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS, Map.of(0, tone.toUri().toString())),
                LwM2mSingleResource.newDateResource(BroadcastItemEnabler.END_TIME, Date.from(notAfter)),
                LwM2mSingleResource.newBinaryResource(BroadcastItemEnabler.NONCE, nonce),
                LwM2mSingleResource.newBinaryResource(BroadcastItemEnabler.AUTHORITY_SIGNATURE, sig.sign()),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.DAYS_OF_WEEK, "daily"),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.TIMES_OF_DAY, "12:00"))));
        assertThat(created.getCode()).as(created.toString()).isEqualTo(ResponseCode.CREATED);
        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.isSuccess()).as(play.toString()).isTrue();

        ScheduleEntry e = station.schedule().schedule().entry("storm").orElseThrow();
        assertThat(e.item().notAfter()).as("the signed not-after").isEqualTo(notAfter);
        assertThat(Files.readString(station.config().store().scheduleFile())).contains("\"notAfter\" : \"" + notAfter + "\"");
        java.util.concurrent.CompletableFuture<List<vn.loa.agent.schedule.ScheduleRunner.Upcoming>> upcoming =
                new java.util.concurrent.CompletableFuture<>();
        station.loop().execute(() -> upcoming.complete(station.schedule().upcoming(5)));
        assertThat(upcoming.get(5, TimeUnit.SECONDS)).as("daily at 12:00, but signed for 23 h only")
                .extracting(u -> u.at().toLocalDateTime()).containsExactly(LocalDateTime.parse("2027-01-06T12:00"));
    }

    @Test
    void a_weekly_item_from_a_server_not_in_allow_sources_is_refused_audited_and_not_stored() throws Exception {
        ServedStation served = ServedStation.start(tmp, "{\"quietHours\": {\"enabled\": false}, "
                + "\"audio\": {\"allowSources\": [\"https://content.xa-an-binh.vn/\"]}}", true);
        server = served.server();
        station = served.station();
        Registration reg = server.awaitRegistration();
        var created = server.send(reg, new CreateRequest(33001, new LwM2mObjectInstance(0,
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.ITEM_ID, "hijack"),
                LwM2mSingleResource.newStringResource(BroadcastItemEnabler.LEVEL, "normal"),
                LwM2mMultipleResource.newStringResource(BroadcastItemEnabler.SOURCE_URIS,
                        Map.of(0, "http://attacker.example/x.mp3")))));
        assertThat(created.getCode()).isEqualTo(ResponseCode.CREATED);
        write(reg, BroadcastItemEnabler.DAYS_OF_WEEK, "daily");
        write(reg, BroadcastItemEnabler.TIMES_OF_DAY, "06:00");

        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        String reason = "schedule entry hijack: source http://attacker.example/x.mp3 is not in audio.allowSources of "
                + "loa.json (https://content.xa-an-binh.vn/)";
        assertThat(play.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(play.getErrorMessage()).isEqualTo("refused: " + reason);
        assertThat(read(reg, BroadcastItemEnabler.RESULT)).isEqualTo("refused: " + reason);
        assertThat(station.schedule().schedule().entries()).isEmpty();
        assertThat(station.audit().since(Instant.EPOCH)).filteredOn(e -> e.action().equals("refused.source"))
                .singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("lwm2m:1"));
    }

    @Test
    void bad_recurrence_writes_are_refused_with_the_reason_and_change_nothing() throws Exception {
        Path tone = Tones.wav(tmp.resolve("t.wav"), 48_000, 2, 440, 0.5, 0.5);
        Registration reg = startStation();
        create(reg, "bad", tone);
        WriteResponse days = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.DAYS_OF_WEEK, "mon,funday"));
        assertThat(days.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(days.getErrorMessage()).isEqualTo("days of week: 'funday' is not one of mon, tue, wed, thu, fri, sat, sun (or 'daily')");
        WriteResponse times = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.TIMES_OF_DAY, "25:00"));
        assertThat(times.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(times.getErrorMessage()).isEqualTo("times of day: '25:00' is not a time of day (00:00 .. 23:59)");
        WriteResponse date = server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.VALID_FROM, "1/12/2026"));
        assertThat(date.getErrorMessage()).isEqualTo("valid from: '1/12/2026' is not a date (yyyy-MM-dd, e.g. 2026-12-01)");
        assertThat(read(reg, BroadcastItemEnabler.DAYS_OF_WEEK)).isEmpty();

        assertThat(server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.DAYS_OF_WEEK, "daily")).isSuccess()).isTrue();
        ExecuteResponse play = server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY));
        assertThat(play.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(play.getErrorMessage()).isEqualTo("a weekly item needs both days of week (resource 14) and times of day (resource 15)");
        assertThat(station.schedule().schedule().entries()).isEmpty();
    }

    @Test
    void deleting_a_scheduled_instance_removes_its_entry() throws Exception {
        Path tone = Tones.wav(tmp.resolve("t.wav"), 48_000, 2, 440, 0.5, 0.5);
        Registration reg = startStation();
        create(reg, "evening", tone);
        server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.DAYS_OF_WEEK, "daily"));
        server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.TIMES_OF_DAY, "18:00"));
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();
        assertThat(station.schedule().schedule().entry("evening")).isPresent();
        assertThat(server.send(reg, new DeleteRequest(33001, 0)).isSuccess()).isTrue();
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.schedule().schedule().entry("evening").isEmpty());
    }

    @Test
    void without_ntp_a_scheduled_item_is_held_until_the_server_writes_a_time_that_agrees_then_it_plays() throws Exception {
        Path tone = Tones.wav(tmp.resolve("held.wav"), 48_000, 2, 1000, 0.5, 0.5);
        Registration reg = startStation(false);
        assertThat(station.clockTrust().current().trusted()).isFalse();
        create(reg, "held", tone);
        Instant at = Instant.now().plusSeconds(2);
        server.send(reg, new WriteRequest(33001, 0, BroadcastItemEnabler.START_TIME, Date.from(at)));
        assertThat(server.send(reg, new ExecuteRequest(33001, 0, BroadcastItemEnabler.PLAY)).isSuccess()).isTrue();

        WriteResponse far = server.send(reg, new WriteRequest(3, 0, 13, Date.from(Instant.now().minusSeconds(3600))));
        assertThat(far.isSuccess()).as("taken note of").isTrue();
        assertThat(station.clockTrust().current().trusted()).as("an hour apart: not trusted").isFalse();

        WriteResponse agree = server.send(reg, new WriteRequest(3, 0, 13, Date.from(Instant.now())));
        assertThat(agree.isSuccess()).isTrue();
        assertThat(station.clockTrust().current().trusted()).isTrue();
        await().atMost(20, TimeUnit.SECONDS).until(() -> station.playLog().unacknowledged(16).stream()
                .map(PlayRecord::event).anyMatch(ev -> ev.itemId().startsWith("held@") && ev.result().describe().equals("completed")));
    }
}
