package vn.loa.agent.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The filesystem as durable station state sees it: a handful of steps whose order decides what survives a
 * power cut. Data written by {@link #write} or {@link #append} is durable only after {@link #fsync} of the file;
 * a new name (create, {@link #rename}, {@link #delete}) is durable only after {@link #fsyncDir} of its folder.
 *
 * <p>It is a seam: {@link RealDisk} is the machine's disk; tests put a simulated disk here that stops at any
 * step and then "reboots" keeping only what was durable, so every crash point of a writer can be tried.
 *
 * <p>Implementations are thread-safe for distinct files; callers serialise access to one file.
 * Every failure is an {@link IOException} naming the path.
 */
public interface Disk {

    /** Creates or truncates {@code file} and writes {@code data} (not yet durable). */
    void write(Path file, byte[] data) throws IOException;

    /** Appends {@code data} to {@code file}, creating it if absent (not yet durable). */
    void append(Path file, byte[] data) throws IOException;

    /** Makes the content of {@code file} durable. */
    void fsync(Path file) throws IOException;

    /** Renames {@code from} over {@code to} atomically (replacing it); durable after {@link #fsyncDir}. */
    void rename(Path from, Path to) throws IOException;

    /** Makes the names in {@code dir} (creations, renames, deletions) durable. */
    void fsyncDir(Path dir) throws IOException;

    /** Cuts {@code file} to {@code size} bytes (not yet durable). */
    void truncate(Path file, long size) throws IOException;

    /** Removes {@code file}; absent is fine. */
    void delete(Path file) throws IOException;

    /** The whole content; {@link java.nio.file.NoSuchFileException} when absent. */
    byte[] read(Path file) throws IOException;

    boolean exists(Path file);

    /** The files directly in {@code dir}, sorted by name; an absent folder has none. */
    List<Path> list(Path dir) throws IOException;

    void createDirectories(Path dir) throws IOException;
}
