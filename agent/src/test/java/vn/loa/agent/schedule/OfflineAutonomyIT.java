package vn.loa.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AckOutcome;
import vn.loa.agent.store.BulletinServer;
import vn.loa.agent.store.CacheConfig;
import vn.loa.agent.store.ContentCache;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.PlayRecord;
import vn.loa.agent.store.RealDisk;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class OfflineAutonomyIT {

    @TempDir Path tmp;

    /** The headend's side of delivery: keeps each record once by seq, and can lose its acknowledgements. */
    static final class FakeHeadend {
        final Map<Long, PlayRecord> kept = new HashMap<>();
        int duplicates;

        long receive(List<PlayRecord> batch) {
            long max = 0;
            for (PlayRecord r : batch) {
                if (kept.putIfAbsent(r.seq(), r) != null) duplicates++;
                max = Math.max(max, r.seq());
            }
            return max;
        }
    }

    @Test
    void three_days_offline_every_slot_plays_from_cache_and_on_reconnect_each_record_is_delivered_once() throws Exception {
        byte[] morning = BulletinServer.bytes(40_000, 1);
        byte[] evening = BulletinServer.bytes(30_000, 2);
        byte[] fallback = BulletinServer.bytes(20_000, 3);
        String mSha = BulletinServer.sha256(morning);
        String eSha = BulletinServer.sha256(evening);
        String fSha = BulletinServer.sha256(fallback);
        ManualScheduler time = new ManualScheduler(Station.MONDAY_0500, Clock.VIETNAM);
        Station s = new Station(time, RealDisk.INSTANCE, tmp.resolve("data"), i -> Duration.ofMinutes(4));
        ContentCache cache;
        List<AckOutcome> outcomes = new ArrayList<>();
        FakeHeadend headend = new FakeHeadend();
        try (BulletinServer server = new BulletinServer()) {
            URI mUri = server.put("/morning.mp3", morning);
            URI eUri = server.put("/evening.mp3", evening);
            URI fUri = server.put("/fallback.mp3", fallback);
            cache = ContentCache.open(tmp.resolve("cache"), CacheConfig.defaults().withQuotaBytes(1_000_000), time);
            s.start(b -> b.cache(cache));
            var daily = EnumSet.allOf(DayOfWeek.class);
            s.runner.put(Station.entry("morning", Level.NORMAL, new Recurrence.Weekly(daily, List.of(LocalTime.of(6, 0)), null, null),
                    b -> b.sources(List.of(mUri)).sha256(mSha)), "srv1");
            s.runner.put(Station.entry("evening", Level.NORMAL, new Recurrence.Weekly(daily, List.of(LocalTime.of(17, 30)), null, null),
                    b -> b.sources(List.of(eUri)).sha256(eSha)), "srv1");
            ScheduleEntry live = Station.entry("relay", Level.NORMAL, new Recurrence.Weekly(daily, List.of(LocalTime.of(12, 0)), null, null),
                    b -> b.sources(List.of(server.uri("/live"))));
            s.runner.put(new ScheduleEntry(live.id(), live.recurrence(), live.item(), new ScheduleEntry.Fallback(fSha, fUri),
                    false, "srv1", null), "srv1");
            assertThat(cache.contains(mSha) && cache.contains(eSha) && cache.contains(fSha)).as("prefetched").isTrue();
            assertThat(cache.pinned()).as("fallbacks and content due within the prefetch horizon are pinned")
                    .containsExactlyInAnyOrder(fSha, mSha, eSha);
        }
        // The server is gone now: three days without a network.
        time.advance(Duration.ofDays(3));
        assertThat(s.arbiter.startedIds()).hasSize(9);
        for (FakeArbiter.Started st : s.arbiter.started()) {
            if (st.itemId().startsWith("morning")) assertThat(st.sources()).containsExactly(ContentCache.uriOf(mSha));
            if (st.itemId().startsWith("evening")) assertThat(st.sources()).containsExactly(ContentCache.uriOf(eSha));
            if (st.itemId().startsWith("relay")) assertThat(st.sources()).last().isEqualTo(ContentCache.uriOf(fSha));
        }
        List<PlayRecord> all = s.records();
        assertThat(all).hasSize(9).allSatisfy(r -> assertThat(r.event().result()).isEqualTo(new ItemResult.Completed()));

        // Reporting was impossible offline; the station restarts its log (as after a reboot) and reconnects.
        PlayLog log = PlayLog.open(RealDisk.INSTANCE, s.data.resolve("playlog"), 64 * 1024, 4);
        assertThat(log.unacknowledgedCount()).isEqualTo(9);
        boolean loseNextAck = true;
        for (int round = 0; round < 20 && log.unacknowledgedCount() > 0; round++) {
            List<PlayRecord> batch = log.unacknowledged(4);
            long upTo = headend.receive(batch);
            if (loseNextAck) {
                loseNextAck = false;
                continue;
            }
            outcomes.add(log.acknowledge(upTo));
            outcomes.add(log.acknowledge(upTo));
        }
        assertThat(log.unacknowledgedCount()).isZero();
        assertThat(headend.kept.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(headend.kept.values()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(headend.duplicates).as("the batch whose ack was lost came again").isEqualTo(4);
        assertThat(outcomes).containsExactly(new AckOutcome.Advanced(1, 4), new AckOutcome.AlreadyAcknowledged(4),
                new AckOutcome.Advanced(5, 8), new AckOutcome.AlreadyAcknowledged(8),
                new AckOutcome.Advanced(9, 9), new AckOutcome.AlreadyAcknowledged(9));
        cache.close();
    }

    @Test
    void a_distinct_bulletin_for_each_of_the_next_three_days_is_stored_before_an_outage_and_never_evicted_for_other_content()
            throws Exception {
        byte[][] day = {BulletinServer.bytes(25_000, 11), BulletinServer.bytes(25_000, 12), BulletinServer.bytes(25_000, 13)};
        byte[] other = BulletinServer.bytes(40_000, 14);
        ManualScheduler time = new ManualScheduler(Station.MONDAY_0500, Clock.VIETNAM);
        Station s = new Station(time, RealDisk.INSTANCE, tmp.resolve("data"), i -> Duration.ofMinutes(4));
        List<String> shas = new ArrayList<>();
        try (ContentCache cache = ContentCache.open(tmp.resolve("cache"), CacheConfig.defaults().withQuotaBytes(100_000), time)) {
            try (BulletinServer server = new BulletinServer()) {
                s.start(b -> b.cache(cache)); // default config: prefetchAheadHours 72
                for (int d = 0; d < 3; d++) {
                    String sha = BulletinServer.sha256(day[d]);
                    shas.add(sha);
                    URI u = server.put("/news-" + d + ".mp3", day[d]);
                    s.runner.put(Station.entry("news-" + d, Level.NORMAL,
                            new Recurrence.Once(java.time.LocalDateTime.parse("2026-01-0" + (5 + d) + "T06:00")),
                            b -> b.sources(List.of(u)).sha256(sha)), "srv1");
                }
                assertThat(shas).as("day 2 and day 3 fetched ahead too").allMatch(cache::contains);
                // Other content (a recent play-now bulletin) wants room: the upcoming ones are not evicted for it.
                ContentCache.FetchResult r = cache.fetch(server.put("/other.mp3", other), BulletinServer.sha256(other));
                assertThat(r).isInstanceOf(ContentCache.FetchResult.Failed.class);
                assertThat(shas).allMatch(cache::contains);
            }
            // The server is gone: three days without a network.
            time.advance(Duration.ofDays(3));
            assertThat(Station.ids(s.records())).containsExactly("news-0@2026-01-05T06:00 completed",
                    "news-1@2026-01-06T06:00 completed", "news-2@2026-01-07T06:00 completed");
            assertThat(cache.pinned()).as("past occurrences no longer pinned").isEmpty();
        }
    }

    @Test
    void a_corrupt_stored_bulletin_is_fetched_again_at_slot_time_and_a_wrong_one_fails_with_the_reason() throws Exception {
        byte[] good = BulletinServer.bytes(25_000, 7);
        String goodSha = BulletinServer.sha256(good);
        String wrongSha = "ef".repeat(32);
        ManualScheduler time = new ManualScheduler(Station.MONDAY_0500, Clock.VIETNAM);
        Station s = new Station(time, RealDisk.INSTANCE, tmp.resolve("data"), i -> Duration.ofMinutes(4));
        try (BulletinServer server = new BulletinServer();
             ContentCache cache = ContentCache.open(tmp.resolve("cache"), CacheConfig.defaults(), time)) {
            URI goodUri = server.put("/good.mp3", good);
            URI wrongUri = server.put("/wrong.mp3", BulletinServer.bytes(1000, 8));
            s.start(b -> b.cache(cache));
            s.runner.put(Station.entry("good", Level.NORMAL, new Recurrence.Once(java.time.LocalDateTime.parse("2026-01-05T06:00")),
                    b -> b.sources(List.of(goodUri)).sha256(goodSha)), "srv1");
            s.runner.put(Station.entry("wrong", Level.PRIORITY, new Recurrence.Once(java.time.LocalDateTime.parse("2026-01-05T07:00")),
                    b -> b.sources(List.of(wrongUri)).sha256(wrongSha)), "srv1");
            assertThat(cache.contains(goodSha)).isTrue();
            java.nio.file.Files.write(tmp.resolve("cache").resolve(goodSha), BulletinServer.bytes(25_000, 9));
            s.advanceTo("2026-01-05T08:00");
            assertThat(s.arbiter.started()).extracting(FakeArbiter.Started::itemId, FakeArbiter.Started::sources)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("good@2026-01-05T06:00", List.of(ContentCache.uriOf(goodSha))));
            assertThat(Station.ids(s.records())).containsExactly("good@2026-01-05T06:00 completed",
                    "wrong@2026-01-05T07:00 failed: stored bulletin " + wrongSha + " not available at slot time: sha256 mismatch: expected "
                            + wrongSha + " but " + wrongUri + " gave 1000 bytes hashing to "
                            + BulletinServer.sha256(BulletinServer.bytes(1000, 8)) + "; discarded");
            assertThat(cache.lookup(goodSha)).isInstanceOf(ContentCache.Lookup.Hit.class);
        }
    }

    @Test
    void an_occurrence_waiting_for_its_content_is_logged_stopped_when_its_entry_is_removed() throws Exception {
        byte[] b = BulletinServer.bytes(5_000, 50);
        String sha = BulletinServer.sha256(b);
        ManualScheduler time = new ManualScheduler(Station.MONDAY_0500, Clock.VIETNAM);
        Station s = new Station(time, RealDisk.INSTANCE, tmp.resolve("data"), i -> Duration.ofMinutes(4));
        List<Runnable> fetches = new ArrayList<>();
        try (BulletinServer server = new BulletinServer();
             ContentCache cache = ContentCache.open(tmp.resolve("cache"), CacheConfig.defaults(), time)) {
            URI u = server.put("/b.mp3", b);
            s.start(bl -> bl.cache(cache).fetchExecutor(fetches::add));
            s.runner.put(Station.entry("late", Level.NORMAL, new Recurrence.Once(java.time.LocalDateTime.parse("2026-01-05T06:00")),
                    bl -> bl.sources(List.of(u)).sha256(sha)), "srv1");
            s.advanceTo("2026-01-05T06:00");
            assertThat(fetches).as("the slot waits on the prefetch still under way: one download").hasSize(1);
            s.runner.remove("late", "srv2");
            fetches.get(0).run();
            time.runDue();
            assertThat(s.arbiter.started()).isEmpty();
            assertThat(Station.ids(s.records())).containsExactly(
                    "late@2026-01-05T06:00 stopped by schedule entry late removed while its content was being fetched");
        }
    }
}
