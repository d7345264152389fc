package vn.loa.testbench.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import vn.loa.agent.store.Disk;
import vn.loa.agent.store.RealDisk;

/**
 * A simulated receiver's disk with a quota the testbench can declare used up: until then it is the real file system
 * ({@link RealDisk}); while {@link #full(boolean) full}, every write or append that would add bytes fails the way a
 * full disk does ({@code No space left on device}), naming the file and the simulated quota. Reading, renaming,
 * truncating, deleting and fsync still work, as they do on a full disk. The receiver's durable state (audit log,
 * play log, schedule, content cache writes) goes through it ({@code Station.Builder#disk}).
 *
 * <p>Thread-safe: the flag is volatile, the rest is the real disk's.
 */
public final class QuotaDisk implements Disk {

    private final Disk disk;
    private final String owner;
    private volatile boolean full;

    /** The real disk of receiver {@code owner} (for messages), with its quota not used up. */
    public QuotaDisk(String owner) {
        this(RealDisk.INSTANCE, owner);
    }

    QuotaDisk(Disk disk, String owner) {
        this.disk = Objects.requireNonNull(disk, "disk");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** Declares the quota used up ({@code true}: writes fail from now on) or free again. */
    public void full(boolean f) {
        full = f;
    }

    public boolean isFull() {
        return full;
    }

    private void room(Path file, int bytes) throws IOException {
        if (full && bytes > 0) {
            throw new IOException(file + ": No space left on device (simulated disk quota of " + owner + " is full)");
        }
    }

    @Override public void write(Path file, byte[] data) throws IOException {
        room(file, data.length);
        disk.write(file, data);
    }

    @Override public void append(Path file, byte[] data) throws IOException {
        room(file, data.length);
        disk.append(file, data);
    }

    @Override public void fsync(Path file) throws IOException {
        disk.fsync(file);
    }

    @Override public void rename(Path from, Path to) throws IOException {
        disk.rename(from, to);
    }

    @Override public void fsyncDir(Path dir) throws IOException {
        disk.fsyncDir(dir);
    }

    @Override public void truncate(Path file, long size) throws IOException {
        disk.truncate(file, size);
    }

    @Override public void delete(Path file) throws IOException {
        disk.delete(file);
    }

    @Override public byte[] read(Path file) throws IOException {
        return disk.read(file);
    }

    @Override public boolean exists(Path file) {
        return disk.exists(file);
    }

    @Override public List<Path> list(Path dir) throws IOException {
        return disk.list(dir);
    }

    @Override public void createDirectories(Path dir) throws IOException {
        disk.createDirectories(dir);
    }

    @Override public String toString() {
        return "disk of " + owner + (full ? " (simulated quota full)" : "");
    }
}
