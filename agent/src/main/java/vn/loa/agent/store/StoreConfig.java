package vn.loa.agent.store;

import java.nio.file.Path;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code store} section of {@code loa.json}: where durable station state lives and how big its logs grow.
 * <pre>
 * "store": {
 *   "dataDir": "/var/lib/loa",          // schedule.json, audio.json, playlog/, audit/, cache/ live under it
 *   "playLogSegmentKiB": 256,           // a play log segment file is closed at this size
 *   "playLogKeepAckedSegments": 8,      // acknowledged segments kept for technicians; unacknowledged never go
 *   "auditSegmentKiB": 256,
 *   "auditKeepSegments": 8              // oldest audit segments beyond this are deleted
 * }</pre>
 */
public record StoreConfig(Path dataDir, long playLogSegmentBytes, int keepAckedSegments, long auditSegmentBytes,
                          int auditKeepSegments) {

    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/loa");

    public StoreConfig {
        if (dataDir == null) throw new IllegalArgumentException("store.dataDir is required");
        if (playLogSegmentBytes < 1024) throw new IllegalArgumentException("playLogSegmentBytes " + playLogSegmentBytes + " below 1024");
        if (auditSegmentBytes < 1024) throw new IllegalArgumentException("auditSegmentBytes " + auditSegmentBytes + " below 1024");
        if (keepAckedSegments < 0) throw new IllegalArgumentException("keepAckedSegments " + keepAckedSegments + " < 0");
        if (auditKeepSegments < 1) throw new IllegalArgumentException("auditKeepSegments " + auditKeepSegments + " < 1");
    }

    public static StoreConfig defaults() {
        return new StoreConfig(DEFAULT_DATA_DIR, 256 * 1024, 8, 256 * 1024, 8);
    }

    /** Reads the section (absent keys take the defaults above); problems go to {@code section.problems()}. */
    public static StoreConfig from(JsonNode section) {
        StoreConfig d = defaults();
        Path dir = section.parsed("dataDir", d.dataDir(), s -> {
            if (s.isBlank()) throw new IllegalArgumentException("must not be empty");
            return Path.of(s);
        });
        long seg = section.integer("playLogSegmentKiB", 256, 1, 64 * 1024) * 1024;
        int keep = section.intValue("playLogKeepAckedSegments", 8, 0, 10_000);
        long aseg = section.integer("auditSegmentKiB", 256, 1, 64 * 1024) * 1024;
        int akeep = section.intValue("auditKeepSegments", 8, 1, 10_000);
        section.rejectUnknownKeys();
        return new StoreConfig(dir, seg, keep, aseg, akeep);
    }

    public StoreConfig withDataDir(Path dir) {
        return new StoreConfig(dir, playLogSegmentBytes, keepAckedSegments, auditSegmentBytes, auditKeepSegments);
    }

    public Path playLogDir() {
        return dataDir.resolve("playlog");
    }

    public Path auditDir() {
        return dataDir.resolve("audit");
    }

    public Path cacheDir() {
        return dataDir.resolve("cache");
    }

    /** The master volume, mute and emergency minimum the headend last set ({@link AudioSettingsStore}). */
    public Path audioSettingsFile() {
        return dataDir.resolve("audio.json");
    }

    public Path scheduleFile() {
        return dataDir.resolve("schedule.json");
    }
}
