package vn.loa.agent.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks the operating system whether its clock is NTP-synchronised. A seam: tests pass a lambda.
 * {@link Optional#empty()} means "cannot tell" (tool missing, not systemd), which counts as not synchronised.
 * May block briefly (a file check, or a process with a 2 s bound); callers probe at most once a minute.
 */
@FunctionalInterface
public interface SyncProbe {

    Optional<Boolean> synchronised();

    /** systemd-timesyncd touches this file once it has synchronised since boot. */
    Path TIMESYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");

    /** {@code true} when {@code flag} exists; empty when its folder does not (timesyncd not in use). */
    static SyncProbe timesyncFlag(Path flag) {
        return () -> {
            if (Files.exists(flag)) return Optional.of(true);
            return Files.isDirectory(flag.getParent()) ? Optional.of(false) : Optional.empty();
        };
    }

    /** {@code timedatectl show -p NTPSynchronized --value} (works with chrony and timesyncd alike). */
    public static SyncProbe timedatectl() {
        return () -> {
            try {
                Process p = new ProcessBuilder(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"))
                        .redirectErrorStream(true).start();
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.exitValue() != 0) return Optional.empty();
                return out.equals("yes") ? Optional.of(true) : out.equals("no") ? Optional.of(false) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
    }

    /** The first probe that can tell. */
    static SyncProbe firstOf(SyncProbe... probes) {
        return () -> {
            for (SyncProbe p : probes) {
                Optional<Boolean> r = p.synchronised();
                if (r.isPresent()) return r;
            }
            return Optional.empty();
        };
    }

    /** The default on a device: the timesyncd flag, else timedatectl. */
    static SyncProbe system() {
        return firstOf(timesyncFlag(TIMESYNC_FLAG), timedatectl());
    }
}
