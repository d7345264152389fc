package vn.loa.ota.launcher;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The few file-system steps that change what a device boots: write, fsync, rename, hard link, symlink,
 * delete, mkdirs. The updater and the launcher make every such change through this seam, so a test can stop
 * the process between any two steps and check the device still boots a good slot.
 *
 * <p>Implementations must make {@link #rename} atomic (POSIX {@code rename(2)}) or throw
 * {@link java.nio.file.AtomicMoveNotSupportedException} (the two paths are on different file systems). Reads go
 * straight to the file system: they change nothing.
 */
public interface FileOps {

    /** Creates or truncates {@code file} and writes {@code data} (no fsync). */
    void write(Path file, byte[] data) throws IOException;

    /** Flushes a file's or a directory's contents to the device. */
    void fsync(Path fileOrDir) throws IOException;

    /** Atomically replaces {@code to} with {@code from}. */
    void rename(Path from, Path to) throws IOException;

    /**
     * Copies the bytes of file {@code from} to {@code to}, created or replaced (no fsync): for moving a file to
     * another file system, where {@link #rename} cannot be atomic.
     */
    void copy(Path from, Path to) throws IOException;

    /** Creates hard link {@code link} to {@code existing}. */
    void link(Path existing, Path link) throws IOException;

    /** Creates symbolic link {@code link} pointing at {@code target} (usually relative). */
    void symlink(Path link, Path target) throws IOException;

    /** Deletes a file, a symlink or a folder tree; absent is fine. */
    void delete(Path path) throws IOException;

    /** Creates a folder and its parents; existing is fine. */
    void mkdirs(Path dir) throws IOException;

    /**
     * Replaces {@code file} so that a reader sees the old or the new content, never a mix: write a
     * temporary sibling, fsync it, rename it over {@code file}, fsync the folder.
     */
    default void atomicWrite(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        write(tmp, data);
        fsync(tmp);
        rename(tmp, file);
        fsync(file.toAbsolutePath().getParent());
    }

    /**
     * Points symlink {@code link} at {@code target} atomically: a new symlink beside it, renamed over it,
     * folder fsynced. Readers see the old target or the new one.
     */
    default void switchSymlink(Path link, Path target) throws IOException {
        Path tmp = link.resolveSibling(link.getFileName() + ".new");
        delete(tmp);
        symlink(tmp, target);
        rename(tmp, link);
        fsync(link.toAbsolutePath().getParent());
    }
}
