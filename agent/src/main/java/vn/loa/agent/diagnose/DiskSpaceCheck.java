package vn.loa.agent.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Enough free space where the receiver keeps its state, content cache and update downloads. Below
 * {@code warnBytes} a warning (updates may not fit), below {@code failBytes} a failure (the play log and
 * cached emergencies may not be written).
 */
public final class DiskSpaceCheck implements Check {

    /** Usable bytes of the file system holding a path; a seam so tests and the simulator can fill the disk. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path path) throws IOException;

        /** The real file system. */
        FreeSpace SYSTEM = p -> Files.getFileStore(p).getUsableSpace();
    }

    /** An OTA bundle plus headroom. */
    public static final long DEFAULT_WARN_BYTES = 200L << 20;
    /** Room for the play log, state and a few cached bulletins. */
    public static final long DEFAULT_FAIL_BYTES = 50L << 20;

    private final Path dir;
    private final FreeSpace space;
    private final long warnBytes;
    private final long failBytes;

    public DiskSpaceCheck(Path dir, FreeSpace space, long warnBytes, long failBytes) {
        if (failBytes > warnBytes) {
            throw new IllegalArgumentException("disk check: fail threshold " + failBytes + " above warn threshold " + warnBytes);
        }
        this.dir = dir;
        this.space = space;
        this.warnBytes = warnBytes;
        this.failBytes = failBytes;
    }

    @Override public String name() {
        return "disk";
    }

    @Override public CheckResult run() {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) {
            return CheckResult.fail(dir + " does not exist", "the data directory was never created",
                    "reinstall Loa or create " + dir + " owned by the loa user");
        }
        long free;
        try {
            free = space.usableBytes(existing);
        } catch (IOException e) {
            return CheckResult.fail("cannot read free space of " + existing + ": " + e.getMessage(),
                    "the storage (SD card) is failing or unmounted", "replace the SD card");
        }
        String mb = mb(free) + " free on " + existing;
        if (free < failBytes) {
            return CheckResult.fail(mb + ", less than " + mb(failBytes), "the disk is full (logs or downloads)",
                    "delete old files under /var/log and unfinished downloads under /var/lib/loa, or replace a worn SD card");
        }
        if (free < warnBytes) {
            return CheckResult.warn(mb + ", less than " + mb(warnBytes), "the disk is filling up",
                    "free space before the next update (an update needs about " + mb(warnBytes) + ")");
        }
        return CheckResult.pass(mb);
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
