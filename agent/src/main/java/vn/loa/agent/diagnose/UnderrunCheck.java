package vn.loa.agent.diagnose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.PlayRecord;
import vn.loa.agent.store.RealDisk;
import vn.loa.hal.time.Clock;

/**
 * Recent audio buffer underruns, summed over the play log's items that ended within {@code window}: above
 * {@code warnAbove} a warning (listeners heard gaps), naming the worst item. The play log is read, never changed.
 */
public final class UnderrunCheck implements Check {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final long DEFAULT_WARN_ABOVE = 10;

    private final Path playLogDir;
    private final Clock clock;
    private final Duration window;
    private final long warnAbove;

    public UnderrunCheck(Path playLogDir, Clock clock, Duration window, long warnAbove) {
        this.playLogDir = playLogDir;
        this.clock = clock;
        this.window = window;
        this.warnAbove = warnAbove;
    }

    @Override public String name() {
        return "underruns";
    }

    @Override public CheckResult run() {
        String span = "in the last " + window.toHours() + " h";
        if (!Files.isDirectory(playLogDir)) return CheckResult.pass("nothing played yet (" + playLogDir + " absent)");
        List<PlayRecord> all;
        try {
            all = PlayLog.readAll(RealDisk.INSTANCE, playLogDir);
        } catch (IOException e) {
            return CheckResult.warn("cannot read the play log " + playLogDir + ": " + e.getMessage(),
                    "the storage (SD card) is failing or the log was damaged", "run 'loa log' to see what is readable; "
                            + "replace the SD card if this repeats");
        }
        Instant since = clock.now().minus(window);
        List<PlayRecord> recent = all.stream().filter(r -> !r.event().end().isBefore(since)).toList();
        long total = recent.stream().mapToLong(r -> r.event().underruns()).sum();
        String counted = total + " underrun(s) " + span + " over " + recent.size() + " item(s)";
        if (total <= warnAbove) return CheckResult.pass(counted);
        PlayRecord worst = recent.stream().max(java.util.Comparator.comparingLong(r -> r.event().underruns())).orElseThrow();
        return CheckResult.warn(counted + ", above " + warnAbove + " (worst: " + worst.event().itemId() + " with "
                        + worst.event().underruns() + ")",
                "audio arrived too slowly: a weak or congested network for live streams, or an overloaded CPU",
                "check the signal and data plan ('loa log' shows which items stuttered); store bulletins ahead "
                        + "(schedule prefetch) so they play from the cache");
    }
}
