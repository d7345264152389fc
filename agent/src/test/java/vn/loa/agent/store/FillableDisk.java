package vn.loa.agent.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The real disk, until a test declares it full: then every write that adds bytes fails as ENOSPC does. */
public final class FillableDisk implements Disk {
    public volatile boolean full;

    private void room(Path f, byte[] d) throws IOException {
        if (full && d.length > 0) throw new IOException(f + ": No space left on device");
    }

    @Override public void write(Path f, byte[] d) throws IOException { room(f, d); RealDisk.INSTANCE.write(f, d); }
    @Override public void append(Path f, byte[] d) throws IOException { room(f, d); RealDisk.INSTANCE.append(f, d); }
    @Override public void fsync(Path f) throws IOException { RealDisk.INSTANCE.fsync(f); }
    @Override public void rename(Path a, Path b) throws IOException { RealDisk.INSTANCE.rename(a, b); }
    @Override public void fsyncDir(Path d) throws IOException { RealDisk.INSTANCE.fsyncDir(d); }
    @Override public void truncate(Path f, long n) throws IOException { RealDisk.INSTANCE.truncate(f, n); }
    @Override public void delete(Path f) throws IOException { RealDisk.INSTANCE.delete(f); }
    @Override public byte[] read(Path f) throws IOException { return RealDisk.INSTANCE.read(f); }
    @Override public boolean exists(Path f) { return RealDisk.INSTANCE.exists(f); }
    @Override public List<Path> list(Path d) throws IOException { return RealDisk.INSTANCE.list(d); }
    @Override public void createDirectories(Path d) throws IOException { RealDisk.INSTANCE.createDirectories(d); }
}
