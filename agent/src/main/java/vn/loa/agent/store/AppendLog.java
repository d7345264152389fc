package vn.loa.agent.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.tinylog.Logger;

/**
 * An append-only log of one-line records split into numbered segment files {@code PREFIX-000000000001.log}.
 * Each record is a line {@code CRC32HEX SP PAYLOAD LF}: a record is whole only if its line is complete and its
 * checksum matches, so a record torn by a power cut is detected and skipped, and on a writable {@link #open}
 * cut off the end of the last segment so the next record starts clean. A damaged record in the middle
 * (bit rot) is skipped and counted, never "repaired".
 *
 * <p>{@link #append} returns once the record is durable (file fsync'd, and the folder too when the record
 * opened a new segment). When it throws instead (a short write on a full disk, a failed fsync), the record counts
 * as not written: the bytes it may have left are cut off again (back to the size before it, made durable) before
 * anything else is appended, so a failed record is never glued to the next one nor left whole beside its retry.
 * If that cut fails too, every later {@link #append} first retries it and throws while it still fails.
 * Not thread-safe: the owner serialises calls.
 */
public final class AppendLog {

    /** One segment file and the whole records it holds, oldest first. */
    public record Segment(Path file, long index, List<String> records) {
        public Segment {
            records = List.copyOf(records);
        }
    }

    /** What a scan found: segments oldest first, and how many damaged records it skipped. */
    public record Contents(List<Segment> segments, int skipped) {
        public Contents {
            segments = List.copyOf(segments);
        }

        public List<String> records() {
            List<String> all = new ArrayList<>();
            for (Segment s : segments) all.addAll(s.records());
            return all;
        }
    }

    private final Disk disk;
    private final Path dir;
    private final String prefix;
    private final long segmentBytes;
    private long currentIndex;
    private long currentSize;
    private boolean opened;
    /** A segment whose name is not durable yet: the folder is fsync'd by the next successful append. */
    private boolean dirUnsynced;
    /** The file a failed append may have left bytes in, to be cut back to {@link #damagedSize}; null when clean. */
    private Path damaged;
    private long damagedSize;

    /** {@code segmentBytes}: a record that would grow the current segment beyond this starts a new one. */
    public AppendLog(Disk disk, Path dir, String prefix, long segmentBytes) {
        if (segmentBytes < 256) throw new IllegalArgumentException("segmentBytes " + segmentBytes + " below 256");
        if (!prefix.matches("[a-z]+")) throw new IllegalArgumentException("prefix '" + prefix + "' must be a-z only");
        this.disk = disk;
        this.dir = dir;
        this.prefix = prefix;
        this.segmentBytes = segmentBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Reads every segment and cuts a torn tail off the last one (durably). Must precede {@link #append}. */
    public Contents open() throws IOException {
        disk.createDirectories(dir);
        Contents c = read(disk, dir, prefix, true);
        if (c.segments().isEmpty()) {
            currentIndex = 1;
            currentSize = 0;
        } else {
            Segment last = c.segments().get(c.segments().size() - 1);
            currentIndex = last.index();
            currentSize = disk.read(last.file()).length;
        }
        // A segment created by an append that failed before a crash may have a name that is not durable yet: the
        // first append after opening syncs the folder as well.
        dirUnsynced = true;
        damaged = null;
        opened = true;
        return c;
    }

    /** Reads the segments without changing anything (for a technician's command while the agent runs). */
    public static Contents scan(Disk disk, Path dir, String prefix) throws IOException {
        return read(disk, dir, prefix, false);
    }

    /**
     * Appends one record; durable on return. {@code payload} must not contain a line break. On an
     * {@link IOException} the record is not in the log (see the class contract) and may be appended again.
     */
    public void append(String payload) throws IOException {
        if (!opened) throw new IllegalStateException("append before open on " + dir);
        if (payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("record payload contains a line break: " + payload);
        }
        repair();
        byte[] line = frame(payload);
        long index = currentIndex;
        long size = currentSize;
        if (size > 0 && size + line.length > segmentBytes) {
            index++;
            size = 0;
            Logger.tag("store").info("{}: new segment {} (previous reached {} bytes)", dir, name(index), segmentBytes);
        }
        Path file = dir.resolve(name(index));
        currentIndex = index;
        currentSize = size;
        if (size == 0 && !disk.exists(file)) dirUnsynced = true;
        try {
            disk.append(file, line);
            disk.fsync(file);
            if (dirUnsynced) {
                disk.fsyncDir(dir);
                dirUnsynced = false;
            }
        } catch (IOException e) {
            damaged = file;
            damagedSize = size;
            try {
                repair();
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        currentSize = size + line.length;
    }

    /** True while a failed append's bytes could not be cut off yet (appends throw until they are). */
    public boolean damaged() {
        return damaged != null;
    }

    /** Cuts what a failed append left back to the last whole record, durably; throws while it cannot. */
    private void repair() throws IOException {
        if (damaged == null) return;
        try {
            if (disk.exists(damaged)) {
                disk.truncate(damaged, damagedSize);
                disk.fsync(damaged);
            }
        } catch (IOException e) {
            throw new IOException(damaged + ": cannot cut a failed record back to " + damagedSize
                    + " bytes (" + e.getMessage() + "); no record is appended until it is", e);
        }
        Logger.tag("store").warn("{}: cut a failed record off (back to {} bytes); the log goes on", damaged, damagedSize);
        damaged = null;
    }

    /** Deletes a whole segment file (retention); durable on return. The current segment is never deleted. */
    public void delete(Segment s) throws IOException {
        if (s.index() == currentIndex) return;
        disk.delete(s.file());
        disk.fsyncDir(dir);
    }

    public long currentIndex() {
        return currentIndex;
    }

    private String name(long index) {
        return String.format(Locale.ROOT, "%s-%012d.log", prefix, index);
    }

    static byte[] frame(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(p);
        String head = String.format(Locale.ROOT, "%08x ", crc.getValue());
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[h.length + p.length + 1];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(p, 0, out, h.length, p.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static Contents read(Disk disk, Path dir, String prefix, boolean repair) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : disk.list(dir)) {
            String n = p.getFileName().toString();
            if (n.matches(prefix + "-\\d{12}\\.log")) files.add(p);
        }
        List<Segment> segments = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            boolean last = i == files.size() - 1;
            byte[] bytes = disk.read(f);
            List<String> records = new ArrayList<>();
            int pos = 0;
            int validEnd = 0;
            int bad = 0;
            int badAfterValid = 0;
            while (pos < bytes.length) {
                int nl = indexOf(bytes, (byte) '\n', pos);
                if (nl < 0) {
                    bad++;
                    badAfterValid++;
                    break;
                }
                String rec = parse(bytes, pos, nl);
                if (rec != null) {
                    records.add(rec);
                    validEnd = nl + 1;
                    badAfterValid = 0;
                } else {
                    bad++;
                    badAfterValid++;
                }
                pos = nl + 1;
            }
            skipped += bad;
            if (bad > 0) {
                Logger.tag("store").warn("{}: skipped {} damaged record(s) ({} at the end, a torn write)", f, bad, badAfterValid);
            }
            if (repair && last && validEnd < bytes.length) {
                disk.truncate(f, validEnd);
                disk.fsync(f);
                Logger.tag("store").warn("{}: cut {} torn byte(s) off the end; the log goes on after record {}",
                        f, bytes.length - validEnd, records.size());
            }
            String n = f.getFileName().toString();
            long index = Long.parseLong(n.substring(prefix.length() + 1, n.length() - 4));
            segments.add(new Segment(f, index, records));
        }
        return new Contents(segments, skipped);
    }

    private static String parse(byte[] b, int from, int nl) {
        if (nl - from < 10 || b[from + 8] != ' ') return null;
        long want;
        try {
            want = HexFormat.fromHexDigits(new String(b, from, 8, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(b, from + 9, nl - from - 9);
        if (crc.getValue() != (want & 0xffffffffL)) return null;
        return new String(b, from + 9, nl - from - 9, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}
