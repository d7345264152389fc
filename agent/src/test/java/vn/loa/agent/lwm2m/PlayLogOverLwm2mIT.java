package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.runtime.Station;
import vn.loa.agent.store.PlayEvent;

/**
 * The play log reaches the headend through Object 33003 over DTLS/PSK on loopback: the headend observes the
 * instance, keeps records by (endpoint, seq) with {@link PlayLogInbox} and writes the cumulative acknowledgement.
 */
class PlayLogOverLwm2mIT {

    static final String EP = StationLwm2mClientIT.ENDPOINT;

    @TempDir Path tmp;
    TestServer server;
    Station station;
    final PlayLogInbox inbox = new PlayLogInbox();

    @AfterEach
    void tearDown() {
        if (station != null) station.close();
        if (server != null) server.close();
    }

    void startStation() throws Exception {
        ServedStation served = ServedStation.start(tmp, "{\"quietHours\": {\"enabled\": false}}", true);
        server = served.server();
        station = served.station();
    }

    void aired(String id) throws Exception {
        Instant now = Instant.now();
        station.playLog().append(new PlayEvent(id, Level.NORMAL, "test", null, now.minusSeconds(3), now,
                new ItemResult.Completed(), "file:/bulletins/" + id + ".wav", 0, "ON", 80));
    }

    /** The headend's part for one read or notification: store, then acknowledge. */
    void take(Registration reg, org.eclipse.leshan.core.node.LwM2mNode content) throws Exception {
        PlayLogInbox.Accepted a = inbox.accept(EP, content);
        OptionalLong ack = a.ack();
        if (ack.isPresent()) {
            WriteResponse w = server.send(reg, new WriteRequest(33003, 0, PlayLogEnabler.ACKNOWLEDGED_UP_TO, ack.getAsLong()));
            assertThat(w.getCode()).as(w.toString()).isEqualTo(ResponseCode.CHANGED);
        }
    }

    /** Observes the Play Log and keeps taking notifications until {@code n} records are stored (bounded). */
    void collectUntil(Registration reg, int n) throws Exception {
        ObserveResponse first = server.send(reg, new ObserveRequest(33003, 0));
        assertThat(first.isSuccess()).as(first.toString()).isTrue();
        take(reg, first.getContent());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (inbox.records(EP).size() < n && System.nanoTime() < deadline) {
            ObserveResponse r = server.notifications.poll(500, TimeUnit.MILLISECONDS);
            if (r != null) take(reg, r.getContent());
        }
    }

    @Test
    void records_aired_while_registered_reach_the_headend_once_and_its_acknowledgement_empties_the_backlog() throws Exception {
        startStation();
        Registration reg = server.awaitRegistration();
        aired("morning-1");
        aired("morning-2");
        aired("noon-1");

        collectUntil(reg, 3);

        assertThat(inbox.records(EP)).extracting(PlayLogInbox.Record::seq).containsExactly(1L, 2L, 3L);
        assertThat(inbox.records(EP).get(2).json()).contains("\"item\":\"noon-1\"").contains("\"result\":\"completed\"");
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.playLog().acknowledgedUpTo() == 3);
        assertThat(station.playLog().unacknowledgedCount()).isZero();
        ReadResponse count = server.send(reg, new ReadRequest(33003, 0, PlayLogEnabler.PENDING_COUNT));
        assertThat(((org.eclipse.leshan.core.node.LwM2mSingleResource) count.getContent()).getValue()).isEqualTo(0L);
    }

    @Test
    void records_aired_while_the_headend_was_down_are_delivered_exactly_once_when_it_is_back() throws Exception {
        startStation();
        Registration reg = server.awaitRegistration();
        aired("before-1");
        collectUntil(reg, 1);
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.playLog().acknowledgedUpTo() == 1);

        int port = server.port();
        server.close();
        for (int i = 1; i <= 5; i++) aired("outage-" + i);
        assertThat(station.playLog().unacknowledgedCount()).isEqualTo(5);

        server = new TestServer(port, EP, StationLwm2mClientIT.IDENTITY, StationLwm2mClientIT.KEY, LoaModels.all());
        Registration again = server.awaitRegistration();
        collectUntil(again, 6);

        assertThat(inbox.records(EP)).extracting(PlayLogInbox.Record::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(inbox.records(EP).get(5).json()).contains("\"item\":\"outage-5\"");
        await().atMost(5, TimeUnit.SECONDS).until(() -> station.playLog().acknowledgedUpTo() == 6);
        assertThat(station.playLog().unacknowledgedCount()).isZero();
    }

    @Test
    void an_acknowledgement_beyond_the_last_record_is_refused_and_changes_nothing() throws Exception {
        startStation();
        Registration reg = server.awaitRegistration();
        aired("one");
        WriteResponse w = server.send(reg, new WriteRequest(33003, 0, PlayLogEnabler.ACKNOWLEDGED_UP_TO, 7L));
        assertThat(w.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(w.getErrorMessage()).isEqualTo("acknowledgement up to 7 is beyond the last record 1; nothing changed");
        assertThat(station.playLog().acknowledgedUpTo()).isZero();
        assertThat(station.playLog().unacknowledgedCount()).isEqualTo(1);

        WriteResponse text = server.send(reg, new WriteRequest(33003, 0, PlayLogEnabler.PENDING_COUNT, 0L));
        assertThat(text.getCode()).as("Pending Count is read-only").isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    void a_record_offered_again_after_a_lost_acknowledgement_is_kept_once() throws Exception {
        startStation();
        Registration reg = server.awaitRegistration();
        aired("twice");
        ReadResponse r1 = server.send(reg, new ReadRequest(33003, 0));
        ReadResponse r2 = server.send(reg, new ReadRequest(33003, 0));
        assertThat(inbox.accept(EP, r1.getContent()).fresh()).isEqualTo(1);
        PlayLogInbox.Accepted again = inbox.accept(EP, r2.getContent());
        assertThat(again.fresh()).isZero();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(inbox.records(EP)).hasSize(1);
        assertThat(List.of(again.ack().getAsLong())).containsExactly(1L);
    }
}
