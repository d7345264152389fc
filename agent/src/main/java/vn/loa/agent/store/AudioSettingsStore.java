package vn.loa.agent.store;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The master volume, mute and emergency minimum the headend last wrote, kept in {@code DATA/audio.json} so a
 * receiver that restarts (power cut, update, reboot) comes back at the volume the commune set, not at loa.json's.
 *
 * <pre>{@code
 * {"version": 1, "volume": 40, "muted": false, "emergencyMinVolume": 70,
 *  "over": {"volume": 80, "emergencyMinVolume": 60},
 *  "setBy": "server 123", "setAt": "2026-11-23T08:00:00Z",
 *  "outOfService": {"by": "server 123", "since": "2026-11-23T08:00:00Z"}}
 * }</pre>
 * {@code outOfService} is there only while the receiver is held out of service (the remote kill switch).
 * {@code over} is what loa.json said when the settings were written. An installer who changes loa.json's
 * {@code audio.volume} or {@code audio.emergencyMinVolume} afterwards means it: when loa.json no longer says what
 * {@code over} recorded, the saved settings are set aside ({@link Loaded.Superseded}) and loa.json applies.
 *
 * <p>Written atomically ({@link AtomicStateWriter}): a power cut leaves the old or the new settings. A file that cannot
 * be read or parsed is reported with its path and reason ({@link Loaded.Unusable}); it never stops the station.
 * Callers serialise writes (the station's control loop).
 */
public final class AudioSettingsStore {

    /**
     * What the headend set, and what loa.json said when it did. {@code outOfService}: the remote kill switch, when
     * held (who, since); it is kept even when loa.json's volumes changed since.
     */
    public record Settings(int volume, boolean muted, int emergencyMinVolume, int configVolume,
                           int configEmergencyMinVolume, String setBy, Instant setAt,
                           Optional<vn.loa.agent.schedule.ServiceHold.Held> outOfService) {

        /** In service. */
        public Settings(int volume, boolean muted, int emergencyMinVolume, int configVolume, int configEmergencyMinVolume,
                        String setBy, Instant setAt) {
            this(volume, muted, emergencyMinVolume, configVolume, configEmergencyMinVolume, setBy, setAt, Optional.empty());
        }

        public Settings {
            java.util.Objects.requireNonNull(outOfService, "outOfService");
            check("volume", volume);
            check("emergencyMinVolume", emergencyMinVolume);
            check("over.volume", configVolume);
            check("over.emergencyMinVolume", configEmergencyMinVolume);
            java.util.Objects.requireNonNull(setBy, "setBy");
            java.util.Objects.requireNonNull(setAt, "setAt");
        }

        private static void check(String what, int v) {
            if (v < 0 || v > 100) throw new IllegalArgumentException(what + " " + v + " outside 0..100");
        }
    }

    /** What {@link #load} found. */
    public sealed interface Loaded {
        /** No file: nothing was ever set by a headend (or it was written before this build). */
        record None() implements Loaded { }

        /** Settings to apply: loa.json still says what it said when they were written. */
        record Apply(Settings settings) implements Loaded { }

        /** loa.json changed since the headend wrote these: loa.json applies. */
        record Superseded(Settings settings) implements Loaded { }

        /** The file is there but cannot be used; {@code reason} names the file and what is wrong. */
        record Unusable(String reason) implements Loaded { }
    }

    private final Disk disk;
    private final Path file;
    private final AtomicStateWriter writer;

    public AudioSettingsStore(Disk disk, Path file) {
        this.disk = disk;
        this.file = file;
        this.writer = new AtomicStateWriter(disk);
    }

    public Path file() {
        return file;
    }

    /** Reads the file against loa.json's current {@code configVolume} and {@code configEmergencyMinVolume}; never throws. */
    public Loaded load(int configVolume, int configEmergencyMinVolume) {
        Optional<byte[]> bytes;
        try {
            bytes = writer.read(file);
        } catch (IOException e) {
            return new Loaded.Unusable(file + ": cannot be read: " + e.getMessage());
        }
        if (bytes.isEmpty()) return new Loaded.None();
        Settings s;
        try {
            s = parse(new String(bytes.get(), StandardCharsets.UTF_8), file.toString());
        } catch (ConfigException e) {
            return new Loaded.Unusable(String.join("; ", e.problems()));
        }
        if (s.configVolume() != configVolume || s.configEmergencyMinVolume() != configEmergencyMinVolume) {
            return new Loaded.Superseded(s);
        }
        return new Loaded.Apply(s);
    }

    /** Durable on return; an {@link IOException} leaves the previous file in place. */
    public void save(Settings s) throws IOException {
        writer.write(file, encode(s).getBytes(StandardCharsets.UTF_8));
    }

    static String encode(Settings s) {
        Map<String, Object> over = new LinkedHashMap<>();
        over.put("volume", s.configVolume());
        over.put("emergencyMinVolume", s.configEmergencyMinVolume());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("volume", s.volume());
        m.put("muted", s.muted());
        m.put("emergencyMinVolume", s.emergencyMinVolume());
        m.put("over", over);
        m.put("setBy", s.setBy());
        m.put("setAt", s.setAt().toString());
        s.outOfService().ifPresent(h -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("by", h.by());
            o.put("since", h.since().toString());
            m.put("outOfService", o);
        });
        try {
            return JSON.std.asString(m) + "\n";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every problem in the exception, each with {@code source} and the JSON path. */
    static Settings parse(String json, String source) throws ConfigException {
        JsonNode root = JsonNode.parse(json, source);
        root.integer("version", -1, 1, 1); // the only version so far
        if (!root.has("version")) root.problem("version", "is required");
        int volume = root.intValue("volume", -1, 0, 100);
        if (!root.has("volume")) root.problem("volume", "is required");
        boolean muted = root.bool("muted", false);
        int emin = root.intValue("emergencyMinVolume", -1, 0, 100);
        if (!root.has("emergencyMinVolume")) root.problem("emergencyMinVolume", "is required");
        int overVolume = -1;
        int overEmin = -1;
        if (!root.has("over")) {
            root.problem("over", "is required");
        } else {
            JsonNode over = root.object("over");
            overVolume = over.intValue("volume", -1, 0, 100);
            if (!over.has("volume")) over.problem("volume", "is required");
            overEmin = over.intValue("emergencyMinVolume", -1, 0, 100);
            if (!over.has("emergencyMinVolume")) over.problem("emergencyMinVolume", "is required");
            over.rejectUnknownKeys();
        }
        String setBy = root.string("setBy", "unknown");
        Instant setAt = root.parsed("setAt", Instant.EPOCH, AudioSettingsStore::instant);
        Optional<vn.loa.agent.schedule.ServiceHold.Held> held = Optional.empty();
        if (root.has("outOfService")) {
            JsonNode o = root.object("outOfService");
            String by = o.requiredString("by");
            Instant since = o.parsed("since", Instant.EPOCH, AudioSettingsStore::instant);
            if (!o.has("since")) o.problem("since", "is required");
            o.rejectUnknownKeys();
            held = Optional.of(new vn.loa.agent.schedule.ServiceHold.Held(by, since));
        }
        root.rejectUnknownKeys();
        root.problems().throwIfAny();
        return new Settings(volume, muted, emin, overVolume, overEmin, setBy, setAt, held);
    }

    private static Instant instant(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an instant such as 2026-11-23T08:00:00Z");
        }
    }
}
