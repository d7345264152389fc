package vn.loa.agent.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The station's play log: one record per item whose turn on air ended, append-only on disk
 * ({@link AppendLog}, folder {@code DATA/playlog}, segments {@code play-*.log}), each durable before
 * {@link #append} returns, and a delivery cursor for the headend.
 *
 * <h2>Delivery to the headend (the LwM2M side)</h2>
 * Records carry a sequence number that is never reused. The reporter repeatedly takes
 * {@link #unacknowledged(int)}, sends them (SenML Send or a Play Log object), and when the headend confirms,
 * calls {@link #acknowledge(long)} with the highest seq it confirmed. Acknowledgement is cumulative and
 * idempotent: a repeated or out-of-date ack changes nothing, so a lost ack just means the same records are
 * offered again and the headend drops them by (endpoint, seq): each record is acknowledged exactly once from
 * the station's view, and nothing aired goes unreported. The ack cursor is stored with
 * {@link AtomicStateWriter} in {@code ack.json}; after a power cut it is the last durable one, so at worst a
 * few records are offered again. A record is never deleted before it is acknowledged; acknowledged segments
 * beyond the newest {@code keepAckedSegments} are deleted.
 *
 * <p>A record the disk refuses (full, a failed fsync) is held in memory and written with the next seq before any
 * later one, by the next {@link #append} or {@link #retryHeld()} (the schedule runner's tick calls it at least once a
 * minute). Held records
 * are not offered to the headend until they are on disk: an offered seq must survive a restart, or a restart could
 * give it to another record.
 *
 * <p>Thread-safe (all methods synchronised): the control loop appends, the LwM2M thread reads and acknowledges.
 */
public final class PlayLog implements PlayListener {

    private final java.util.List<Runnable> appendListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    static final String PREFIX = "play";
    static final String ACK_FILE = "ack.json";

    private final Disk disk;
    private final AppendLog log;
    private final AtomicStateWriter state;
    private final Path ackFile;
    private final int keepAckedSegments;
    private final ArrayDeque<PlayRecord> unacked = new ArrayDeque<>();
    /** Ended items a disk failure kept off the disk, oldest first; they get their seq when written. */
    private final ArrayDeque<PlayEvent> held = new ArrayDeque<>();
    private final int skippedOnOpen;
    private long lastSeq;
    private long ackedUpTo;

    private PlayLog(Disk disk, AppendLog log, AtomicStateWriter state, Path ackFile, int keepAckedSegments, int skippedOnOpen) {
        this.disk = disk;
        this.log = log;
        this.state = state;
        this.ackFile = ackFile;
        this.keepAckedSegments = keepAckedSegments;
        this.skippedOnOpen = skippedOnOpen;
    }

    /** Opens (creating) the log in {@code dir}, cutting a torn last record. */
    public static PlayLog open(Disk disk, Path dir, long segmentBytes, int keepAckedSegments) throws IOException {
        AppendLog log = new AppendLog(disk, dir, PREFIX, segmentBytes);
        AppendLog.Contents c = log.open();
        AtomicStateWriter state = new AtomicStateWriter(disk);
        Path ackFile = dir.resolve(ACK_FILE);
        long acked = readAck(state, ackFile);
        List<PlayRecord> records = decode(c.records(), dir);
        PlayLog p = new PlayLog(disk, log, state, ackFile, keepAckedSegments, c.skipped());
        long last = records.isEmpty() ? 0 : records.get(records.size() - 1).seq();
        p.lastSeq = Math.max(last, acked);
        p.ackedUpTo = acked;
        for (PlayRecord r : records) if (r.seq() > acked) p.unacked.add(r);
        Logger.tag("playlog").info("{}: {} record(s), last seq {}, acknowledged up to {}, {} waiting for the headend",
                dir, records.size(), p.lastSeq, acked, p.unacked.size());
        return p;
    }

    /** Opens with the defaults of {@link StoreConfig}. */
    public static PlayLog open(Disk disk, Path dir, StoreConfig config) throws IOException {
        return open(disk, dir, config.playLogSegmentBytes(), config.keepAckedSegments());
    }

    /** Every whole record on disk, oldest first, without changing anything (for {@code ./loa log}). */
    public static List<PlayRecord> readAll(Disk disk, Path dir) throws IOException {
        return decode(AppendLog.scan(disk, dir, PREFIX).records(), dir);
    }

    /** The acknowledgement cursor on disk (0: nothing acknowledged yet), read-only. */
    public static long readAcknowledged(Disk disk, Path dir) throws IOException {
        Path f = dir.resolve(ACK_FILE);
        try {
            return disk.exists(f) ? parseAck(disk.read(f), f) : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Writes one record; it is durable and offered to the headend when this returns. Events held after an earlier
     * disk failure are written first, in order. On an {@link IOException} the event is held in memory (never
     * dropped, never appended twice): {@link #retryHeld()} or the next append writes it; the caller must not
     * append it again.
     */
    public PlayRecord append(PlayEvent event) throws IOException {
        PlayRecord r;
        try {
            r = write(java.util.Objects.requireNonNull(event, "event"));
        } finally {
            for (Runnable l : appendListeners) l.run(); // outside the lock: a listener may read the log from another thread
        }
        return r;
    }

    /**
     * Writes the events held after a disk failure, oldest first; returns how many are still held (0: all written).
     * Called by the schedule runner's tick; a failure leaves them held and is logged.
     */
    public int retryHeld() {
        int left;
        boolean wrote;
        synchronized (this) {
            if (held.isEmpty()) return 0;
            int before = held.size();
            try {
                flushHeld();
            } catch (IOException e) {
                Logger.tag("playlog").warn("still cannot write {} held play record(s) ({}); retrying later", held.size(), e.toString());
            }
            left = held.size();
            wrote = left < before;
        }
        if (wrote) for (Runnable l : appendListeners) l.run();
        return left;
    }

    /** Ended items not yet on disk because the disk failed; written by {@link #retryHeld()} or the next append. */
    public synchronized int heldCount() {
        return held.size();
    }

    private synchronized PlayRecord write(PlayEvent event) throws IOException {
        held.addLast(event);
        PlayRecord last = flushHeld();
        if (!held.isEmpty()) throw new IllegalStateException("held play events left after a successful flush");
        return last;
    }

    /** Writes every held event in order; on failure the failed one and those after it stay held. */
    private PlayRecord flushHeld() throws IOException {
        PlayRecord r = null;
        while (!held.isEmpty()) {
            PlayEvent event = held.peekFirst();
            // Same seq on a retry: the failed attempt's bytes were cut off before this one is written (AppendLog).
            r = new PlayRecord(lastSeq + 1, event);
            try {
                log.append(encode(r));
            } catch (IOException e) {
                Logger.tag("playlog").error("cannot write play record #{} of {} ({}): {}; held in memory ({} waiting) "
                        + "and written when the disk takes it", r.seq(), event.itemId(), event.result().describe(),
                        e.toString(), held.size());
                throw e;
            }
            held.pollFirst();
            lastSeq = r.seq();
            unacked.add(r);
            Logger.tag("playlog").info("#{} {} {} {}", r.seq(), event.level().lower(), event.itemId(), event.result().describe());
        }
        return r;
    }

    /** Called after each durable append, on the appending thread (not under this log's lock); must not block. */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** {@link PlayListener}: appends; on a disk failure the event is held and written later (see {@link #append}). */
    @Override public void onPlayed(PlayEvent event) {
        try {
            append(event);
        } catch (IOException e) {
            // already logged by flushHeld; the event is held, not lost
        }
    }

    /** The oldest {@code limit} records not yet acknowledged, oldest first. */
    public synchronized List<PlayRecord> unacknowledged(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit + " < 1");
        List<PlayRecord> out = new ArrayList<>(Math.min(limit, unacked.size()));
        for (PlayRecord r : unacked) {
            if (out.size() >= limit) break;
            out.add(r);
        }
        return out;
    }

    public synchronized int unacknowledgedCount() {
        return unacked.size();
    }

    /**
     * Marks every record up to and including {@code upToSeq} as delivered; durable on return. Repeated and
     * older acks are harmless; an ack beyond the last record is refused (the headend confused stations or logs).
     */
    public synchronized AckOutcome acknowledge(long upToSeq) throws IOException {
        if (upToSeq > lastSeq) {
            Logger.tag("playlog").warn("acknowledgement up to {} refused: the last record is {}", upToSeq, lastSeq);
            return new AckOutcome.Beyond(upToSeq, lastSeq);
        }
        if (upToSeq <= ackedUpTo) return new AckOutcome.AlreadyAcknowledged(ackedUpTo);
        long from = ackedUpTo + 1;
        state.write(ackFile, ("{\"ackedUpTo\":" + upToSeq + "}").getBytes(StandardCharsets.UTF_8));
        ackedUpTo = upToSeq;
        while (!unacked.isEmpty() && unacked.peekFirst().seq() <= upToSeq) unacked.pollFirst();
        Logger.tag("playlog").info("headend acknowledged #{}..#{}; {} waiting", from, upToSeq, unacked.size());
        prune();
        return new AckOutcome.Advanced(from, upToSeq);
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    public synchronized long acknowledgedUpTo() {
        return ackedUpTo;
    }

    /** Damaged records skipped when the log was opened (a torn last record counts one). */
    public int skippedOnOpen() {
        return skippedOnOpen;
    }

    /** Every record on disk ending at or after {@code since}, oldest first. */
    public synchronized List<PlayRecord> since(Instant since) throws IOException {
        List<PlayRecord> out = new ArrayList<>();
        for (PlayRecord r : decode(AppendLog.scan(disk, log.dir(), PREFIX).records(), log.dir())) {
            if (!r.event().end().isBefore(since)) out.add(r);
        }
        return out;
    }

    private void prune() throws IOException {
        List<AppendLog.Segment> segs = AppendLog.scan(disk, log.dir(), PREFIX).segments();
        List<AppendLog.Segment> fullyAcked = new ArrayList<>();
        for (AppendLog.Segment s : segs) {
            if (s.index() == log.currentIndex()) continue;
            long max = 0;
            for (PlayRecord r : decode(s.records(), log.dir())) max = Math.max(max, r.seq());
            if (max <= ackedUpTo) fullyAcked.add(s);
        }
        for (int i = 0; i < fullyAcked.size() - keepAckedSegments; i++) {
            log.delete(fullyAcked.get(i));
            Logger.tag("playlog").info("deleted acknowledged segment {}", fullyAcked.get(i).file().getFileName());
        }
    }

    private static long readAck(AtomicStateWriter state, Path ackFile) throws IOException {
        Optional<byte[]> b = state.read(ackFile);
        return b.isEmpty() ? 0 : parseAck(b.get(), ackFile);
    }

    private static long parseAck(byte[] b, Path f) throws IOException {
        try {
            JsonNode n = JsonNode.parse(new String(b, StandardCharsets.UTF_8), f.toString());
            long v = n.integer("ackedUpTo", 0, 0, Long.MAX_VALUE);
            n.rejectUnknownKeys();
            n.problems().throwIfAny();
            return v;
        } catch (ConfigException e) {
            throw new IOException("play log acknowledgement cursor unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The stored JSON form of a record (one line): {@code seq, item, level, origin, scheduled?, start?, end,
     * result, detail?, source?, underruns, amp?, volume}; times are ISO-8601 instants, {@code result} is
     * {@link ItemResult#code()} and {@code detail} its argument.
     */
    public static String encode(PlayRecord r) {
        PlayEvent e = r.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("item", e.itemId());
        m.put("level", e.level().lower());
        m.put("origin", e.origin());
        if (e.scheduledStart() != null) m.put("scheduled", e.scheduledStart().toString());
        if (e.actualStart() != null) m.put("start", e.actualStart().toString());
        m.put("end", e.end().toString());
        m.put("result", e.result().code());
        String detail = detail(e.result());
        if (detail != null) m.put("detail", detail);
        if (e.source() != null) m.put("source", e.source());
        m.put("underruns", e.underruns());
        if (e.amplifier() != null) m.put("amp", e.amplifier());
        m.put("volume", e.volume());
        try {
            return JSON.std.asString(m);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode play record " + r.seq(), ex);
        }
    }

    private static String detail(ItemResult r) {
        return switch (r) {
            case ItemResult.Completed c -> null;
            case ItemResult.Preempted p -> p.byItemId();
            case ItemResult.Stopped s -> s.by();
            case ItemResult.Refused f -> f.reason();
            case ItemResult.Failed f -> f.reason();
        };
    }

    /** Decodes one record line; {@link IllegalArgumentException} naming the problem when it is not one. */
    public static PlayRecord decode(String json, String source) {
        JsonNode n;
        try {
            n = JsonNode.parse(json, source);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        long seq = n.integer("seq", 0, 1, Long.MAX_VALUE);
        String item = n.requiredString("item");
        Level level = n.parsed("level", Level.NORMAL, Level::parse);
        String origin = n.string("origin", "unknown");
        Instant scheduled = n.parsed("scheduled", null, Instant::parse);
        Instant start = n.parsed("start", null, Instant::parse);
        Instant end = n.parsed("end", Instant.EPOCH, Instant::parse);
        String code = n.requiredString("result");
        String detail = n.string("detail", "");
        ItemResult result = switch (code) {
            case "completed" -> new ItemResult.Completed();
            case "preempted" -> new ItemResult.Preempted(detail);
            case "stopped" -> new ItemResult.Stopped(detail);
            case "refused" -> new ItemResult.Refused(detail);
            case "failed" -> new ItemResult.Failed(detail);
            default -> {
                n.problem("result", "'" + code + "' is not a result (completed, preempted, stopped, refused, failed)");
                yield new ItemResult.Failed(detail);
            }
        };
        String src = n.optString("source").orElse(null);
        long underruns = n.integer("underruns", 0, 0, Long.MAX_VALUE);
        String amp = n.optString("amp").orElse(null);
        int volume = n.intValue("volume", -1, -1, 100);
        n.rejectUnknownKeys();
        if (!n.problems().isEmpty()) throw new IllegalArgumentException(String.join("; ", n.problems().all()));
        return new PlayRecord(seq, new PlayEvent(item, level, origin, scheduled, start, end, result, src, underruns, amp, volume));
    }

    private static List<PlayRecord> decode(List<String> lines, Path dir) {
        List<PlayRecord> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            try {
                out.add(decode(l, dir.toString()));
            } catch (IllegalArgumentException e) {
                Logger.tag("playlog").warn("skipped an unreadable play record: {}", e.getMessage());
            }
        }
        return out;
    }
}
