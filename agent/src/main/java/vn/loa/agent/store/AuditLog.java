package vn.loa.agent.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;
import vn.loa.hal.time.Clock;

/**
 * Who set what and what was refused: every schedule change and every refusal, append-only in
 * {@code DATA/audit/audit-*.log} ({@link AppendLog} framing, each record durable on return). Old segments beyond
 * {@code keepSegments} are deleted, oldest first.
 *
 * <p>Thread-safe (synchronised). A disk failure on {@link #record} is logged, never thrown: refusing to air
 * must not depend on the audit disk. The entry is then held in memory (up to {@link #MAX_HELD}, the oldest
 * dropped beyond that, with a log line) and written before the next one, or by {@link #retryHeld()}.
 */
public final class AuditLog {

    static final String PREFIX = "audit";
    /** Entries kept in memory while the disk refuses them. */
    public static final int MAX_HELD = 1_000;

    private final Disk disk;
    private final AppendLog log;
    private final Clock clock;
    private final int keepSegments;
    private final java.util.ArrayDeque<AuditEntry> held = new java.util.ArrayDeque<>();

    private AuditLog(Disk disk, AppendLog log, Clock clock, int keepSegments) {
        this.disk = disk;
        this.log = log;
        this.clock = clock;
        this.keepSegments = keepSegments;
    }

    public static AuditLog open(Disk disk, Path dir, Clock clock, long segmentBytes, int keepSegments) throws IOException {
        if (keepSegments < 1) throw new IllegalArgumentException("keepSegments " + keepSegments + " < 1");
        AppendLog log = new AppendLog(disk, dir, PREFIX, segmentBytes);
        log.open();
        return new AuditLog(disk, log, clock, keepSegments);
    }

    public static AuditLog open(Disk disk, Path dir, Clock clock, StoreConfig config) throws IOException {
        return open(disk, dir, clock, config.auditSegmentBytes(), config.auditKeepSegments());
    }

    /** Records {@code who} did {@code action} now; never throws. */
    public void record(String who, String action, String detail) {
        append(new AuditEntry(clock.now(), who, action, detail));
    }

    /** Writes {@code e} (after any held entries); on a disk failure it is held, never thrown. */
    public synchronized void append(AuditEntry e) {
        Logger.tag("audit").info("{} {}: {}", e.who(), e.action(), e.detail());
        if (held.size() >= MAX_HELD) {
            AuditEntry lost = held.pollFirst();
            Logger.tag("audit").error("audit disk failing for {}+ entries; dropped the oldest held: {} {} {} {}",
                    MAX_HELD, lost.at(), lost.who(), lost.action(), lost.detail());
        }
        held.addLast(e);
        flushHeld();
    }

    /** Writes held entries; returns how many are still held. */
    public synchronized int retryHeld() {
        if (!held.isEmpty()) flushHeld();
        return held.size();
    }

    /** Entries a disk failure kept off the disk so far. */
    public synchronized int heldCount() {
        return held.size();
    }

    private void flushHeld() {
        while (!held.isEmpty()) {
            AuditEntry e = held.peekFirst();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("who", e.who());
            m.put("action", e.action());
            m.put("detail", e.detail());
            long before = log.currentIndex();
            try {
                log.append(JSON.std.asString(m));
            } catch (IOException ex) {
                Logger.tag("audit").error("cannot write the audit log ({}): {} {} {}; held in memory ({} waiting)",
                        ex.toString(), e.who(), e.action(), e.detail(), held.size());
                return;
            }
            held.pollFirst();
            if (log.currentIndex() != before) {
                try {
                    prune();
                } catch (IOException ex) {
                    Logger.tag("audit").warn("cannot delete old audit segments in {}: {}", log.dir(), ex.toString());
                }
            }
        }
    }

    private void prune() throws IOException {
        List<AppendLog.Segment> segs = AppendLog.scan(disk, log.dir(), PREFIX).segments();
        for (int i = 0; i < segs.size() - keepSegments; i++) log.delete(segs.get(i));
    }

    /** Every entry at or after {@code since}, oldest first. */
    public synchronized List<AuditEntry> since(Instant since) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        for (AuditEntry e : readAll(disk, log.dir())) if (!e.at().isBefore(since)) out.add(e);
        return out;
    }

    /** Every readable entry on disk, oldest first, read-only. */
    public static List<AuditEntry> readAll(Disk disk, Path dir) throws IOException {
        List<AuditEntry> out = new ArrayList<>();
        for (String line : AppendLog.scan(disk, dir, PREFIX).records()) {
            try {
                JsonNode n = JsonNode.parse(line, dir.toString());
                AuditEntry e = new AuditEntry(n.parsed("at", Instant.EPOCH, Instant::parse), n.string("who", "unknown"),
                        n.requiredString("action"), n.string("detail", ""));
                n.rejectUnknownKeys();
                if (n.problems().isEmpty()) out.add(e);
                else Logger.tag("audit").warn("skipped an unreadable audit entry: {}", n.problems().all());
            } catch (ConfigException e) {
                Logger.tag("audit").warn("skipped an unreadable audit entry: {}", e.getMessage());
            }
        }
        return out;
    }
}
