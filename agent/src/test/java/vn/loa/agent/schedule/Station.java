package vn.loa.agent.schedule;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.store.AuditEntry;
import vn.loa.agent.store.AuditLog;
import vn.loa.agent.store.Disk;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.PlayRecord;
import vn.loa.agent.store.SimulatedDisk;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

/** A schedule runner wired to a fake arbiter, a simulated disk and a manual clock. */
final class Station {

    /** Monday 2026-01-05 05:00 in Vietnam. */
    static final Instant MONDAY_0500 = Instant.parse("2026-01-04T22:00:00Z");
    static final Path DATA = Path.of("/data");

    final ManualScheduler time;
    final Disk disk;
    final Path data;
    final AtomicReference<Optional<Boolean>> ntp = new AtomicReference<>(Optional.of(true));
    final AuditLog audit;
    final PlayLog playLog;
    final ScheduleStore store;
    final FakeArbiter arbiter;
    final ClockTrust trust;
    ScheduleRunner runner;

    Station(Instant start, Function<BroadcastItem, Duration> length) throws IOException {
        this(new ManualScheduler(start, Clock.VIETNAM), new SimulatedDisk(), length);
    }

    Station(ManualScheduler time, Disk disk, Function<BroadcastItem, Duration> length) throws IOException {
        this(time, disk, DATA, length);
    }

    Station(ManualScheduler time, Disk disk, Path data, Function<BroadcastItem, Duration> length) throws IOException {
        this.time = time;
        this.disk = disk;
        this.data = data;
        audit = AuditLog.open(disk, data.resolve("audit"), time, 64 * 1024, 4);
        playLog = PlayLog.open(disk, data.resolve("playlog"), 64 * 1024, 4);
        store = new ScheduleStore(disk, data.resolve("schedule.json"));
        arbiter = new FakeArbiter(time, length);
        trust = new ClockTrust(time, Instant.parse("2026-01-01T00:00:00Z"), ntp::get, Duration.ofMinutes(2), Duration.ofMinutes(1));
    }

    Station start(Consumer<ScheduleRunner.Builder> options) {
        ScheduleRunner.Builder b = ScheduleRunner.builder(time, arbiter, store, playLog, audit, trust).fetchExecutor(Runnable::run);
        options.accept(b);
        runner = b.build();
        arbiter.listener(runner);
        runner.start();
        return this;
    }

    Station start() {
        return start(b -> { });
    }

    void advanceTo(String localDateTime) {
        Instant target = LocalDateTime.parse(localDateTime).atZone(Clock.VIETNAM).toInstant();
        time.advance(Duration.between(time.now(), target));
    }

    List<PlayRecord> records() throws IOException {
        return PlayLog.readAll(disk, data.resolve("playlog"));
    }

    List<AuditEntry> auditEntries() throws IOException {
        return AuditLog.readAll(disk, data.resolve("audit"));
    }

    static Instant local(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(Clock.VIETNAM).toInstant();
    }

    static ScheduleEntry daily(String id, Level level, String... times) {
        return entry(id, level, new Recurrence.Weekly(EnumSet.allOf(DayOfWeek.class),
                Arrays.stream(times).map(LocalTime::parse).toList(), null, null), b -> { });
    }

    static ScheduleEntry once(String id, Level level, String localDateTime) {
        return entry(id, level, new Recurrence.Once(LocalDateTime.parse(localDateTime)), b -> { });
    }

    static ScheduleEntry entry(String id, Level level, Recurrence r, Consumer<BroadcastItem.Builder> item) {
        BroadcastItem.Builder b = BroadcastItem.builder(id, level).source("http://headend.test/" + id + ".mp3").origin("srv1");
        item.accept(b);
        return new ScheduleEntry(id, r, b.build(), null, false, "srv1", null);
    }

    static List<String> ids(List<PlayRecord> rs) {
        List<String> out = new ArrayList<>();
        for (PlayRecord r : rs) out.add(r.event().itemId() + " " + r.event().result().describe());
        return out;
    }
}
