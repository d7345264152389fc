package vn.loa.ota.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real file operations that "lose power" before step number {@code crashAt} (0-based): that step and every
 * later one throw {@link PowerCut}. Records the steps it performed, for messages.
 */
public final class CrashingFileOps implements FileOps {

    /** Thrown instead of performing a step; unchecked so it passes through every caller like a real stop. */
    public static final class PowerCut extends RuntimeException {
        PowerCut(String step) {
            super("power cut before " + step);
        }
    }

    private final FileOps real = new RealFileOps();
    private final int crashAt;
    private final List<String> done = new ArrayList<>();

    public CrashingFileOps(int crashAt) {
        this.crashAt = crashAt;
    }

    public List<String> steps() {
        return done;
    }

    private void step(String what) {
        if (done.size() >= crashAt) throw new PowerCut(what);
        done.add(what);
    }

    @Override public void write(Path file, byte[] data) throws IOException {
        step("write " + file.getFileName());
        real.write(file, data);
    }

    @Override public void fsync(Path f) throws IOException {
        step("fsync " + f.getFileName());
        real.fsync(f);
    }

    @Override public void rename(Path from, Path to) throws IOException {
        step("rename " + from.getFileName() + " -> " + to.getFileName());
        real.rename(from, to);
    }

    @Override public void copy(Path from, Path to) throws IOException {
        step("copy " + from.getFileName() + " -> " + to.getFileName());
        real.copy(from, to);
    }

    @Override public void link(Path existing, Path link) throws IOException {
        step("link " + link.getFileName());
        real.link(existing, link);
    }

    @Override public void symlink(Path link, Path target) throws IOException {
        step("symlink " + link.getFileName() + " -> " + target);
        real.symlink(link, target);
    }

    @Override public void delete(Path path) throws IOException {
        step("delete " + path.getFileName());
        real.delete(path);
    }

    @Override public void mkdirs(Path dir) throws IOException {
        step("mkdirs " + dir.getFileName());
        real.mkdirs(dir);
    }
}
