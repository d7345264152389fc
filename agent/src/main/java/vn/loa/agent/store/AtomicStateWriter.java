package vn.loa.agent.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Replaces a small state file so that a power cut at any moment leaves either the old or the new content,
 * never a mix: write {@code NAME.tmp}, fsync it, rename it over {@code NAME}, fsync the folder. A left-over
 * {@code NAME.tmp} from a cut is ignored and removed by the next {@link #read}/{@link #write}.
 *
 * <p>Stateless apart from the {@link Disk}; callers serialise writes to one file.
 */
public final class AtomicStateWriter {

    private final Disk disk;

    public AtomicStateWriter(Disk disk) {
        this.disk = disk;
    }

    /** Durable when this returns; an {@link IOException} leaves the old content in place. */
    public void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        disk.createDirectories(dir);
        Path tmp = temp(target);
        disk.write(tmp, content);
        disk.fsync(tmp);
        disk.rename(tmp, target);
        disk.fsyncDir(dir);
    }

    /** The last content completely written, or empty if there never was one. */
    public Optional<byte[]> read(Path target) throws IOException {
        Path tmp = temp(target);
        try {
            if (disk.exists(tmp)) disk.delete(tmp);
        } catch (IOException e) {
            // a left-over temp file is never read; the next write replaces it
            org.tinylog.Logger.tag("store").warn("{}: left-over temp file not removed: {}", tmp, e.getMessage());
        }
        try {
            return Optional.of(disk.read(target));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }
}
