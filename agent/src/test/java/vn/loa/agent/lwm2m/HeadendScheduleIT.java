package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import vn.loa.agent.audio.WavCaptureSink;
import vn.loa.agent.config.LoaConfig;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.schedule.Recurrence;
import vn.loa.agent.schedule.ScheduleEntry;
import vn.loa.agent.store.PlayRecord;

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
        server = TestServer.start(StationLwm2mClientIT.ENDPOINT, StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY);
        LoaConfig config = LoaConfig.parse("{\"quietHours\": {\"enabled\": false}}", "loa.json", tmp.resolve("data"));
        Lwm2mConfig cfg = StationLwm2mClientIT.config(server.uri()).nonceFile(tmp.resolve("nonces.json")).build();
        station = Station.builder(config).sink(new WavCaptureSink(tmp.resolve("capture.wav")))
                .lwm2m(cfg, Lwm2mSecrets.psk(StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY))
                .syncProbe(() -> Optional.of(ntpSynchronised)).start();
        return server.awaitRegistration();
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
