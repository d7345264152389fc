package vn.loa.agent.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.tinylog.Logger;
import vn.loa.agent.store.AtomicStateWriter;
import vn.loa.agent.store.Disk;
import vn.loa.hal.json.ConfigException;

/**
 * The schedule on disk ({@code DATA/schedule.json}), replaced atomically with {@link AtomicStateWriter}: after a
 * power cut at any step it holds the old schedule or the new one, never a broken one. Callers serialise access.
 */
public final class ScheduleStore {

    private final AtomicStateWriter writer;
    private final Path file;

    public ScheduleStore(Disk disk, Path file) {
        this.writer = new AtomicStateWriter(disk);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The stored schedule, {@link Schedule#EMPTY} when there is none; a file that does not parse is an error. */
    public Schedule load() throws IOException, ConfigException {
        Optional<byte[]> b = writer.read(file);
        if (b.isEmpty()) return Schedule.EMPTY;
        Schedule s = ScheduleCodec.parse(new String(b.get(), StandardCharsets.UTF_8), file.toString());
        Logger.tag("schedule").info("{}: version {}, {} entries", file, s.version(), s.entries().size());
        return s;
    }

    /** Durable when this returns; on an exception the previous schedule stays. */
    public void save(Schedule s) throws IOException {
        writer.write(file, ScheduleCodec.write(s).getBytes(StandardCharsets.UTF_8));
    }
}
