package vn.loa.ota.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The launcher's durable state ({@code launcher.properties}, written atomically through {@link FileOps}):
 * which slot is committed, whether a new slot is on trial, and the last rollback with its reason (the agent
 * reads it to tell the server). Immutable; each transition returns a new value.
 *
 * @param status           COMMITTED, TRIAL (a new slot is on probation) or ROLLBACK (going back, not yet done)
 * @param committedSlot    the slot known good
 * @param committedVersion its version
 * @param trialSlot        the slot on trial (TRIAL/ROLLBACK), else empty
 * @param trialVersion     its version
 * @param trialBoots       how many times the trial slot was started
 * @param requireRegistration the trial must re-register with the server (the link was up before)
 * @param rollback         the last rollback, if any
 */
public record LauncherState(Status status, String committedSlot, String committedVersion, Optional<String> trialSlot,
                            Optional<String> trialVersion, int trialBoots, boolean requireRegistration,
                            Optional<Rollback> rollback) {

    public enum Status { COMMITTED, TRIAL, ROLLBACK }

    /** A rollback: which version was abandoned, why, when (ISO-8601), and a sequence number that grows. */
    public record Rollback(String version, String reason, String at, long seq) {
        public Rollback {
            reason = reason.replace('\n', ' ');
        }
    }

    public LauncherState {
        SlotLayout.SLOTS.stream().filter(committedSlot::equals).findAny()
                .orElseThrow(() -> new IllegalArgumentException("committed slot '" + committedSlot + "' is not A or B"));
        if (status != Status.COMMITTED && trialSlot.isEmpty()) {
            throw new IllegalArgumentException(status + " needs a trial slot");
        }
    }

    public static LauncherState committed(String slot, String version) {
        return new LauncherState(Status.COMMITTED, slot, version, Optional.empty(), Optional.empty(), 0, false, Optional.empty());
    }

    /** A trial of {@code slot} (version {@code version}) over the committed one, not yet started. */
    public LauncherState startTrial(String slot, String version, boolean needsRegistration) {
        return new LauncherState(Status.TRIAL, committedSlot, committedVersion, Optional.of(slot), Optional.of(version), 0,
                needsRegistration, rollback);
    }

    public LauncherState bootedTrial() {
        return new LauncherState(status, committedSlot, committedVersion, trialSlot, trialVersion, trialBoots + 1,
                requireRegistration, rollback);
    }

    public LauncherState commitTrial() {
        return new LauncherState(Status.COMMITTED, trialSlot.orElseThrow(), trialVersion.orElseThrow(), Optional.empty(),
                Optional.empty(), 0, false, rollback);
    }

    /** Step one of a rollback: the reason is recorded before {@code current} moves. */
    public LauncherState rollingBack(String reason, String at) {
        long seq = rollback.map(Rollback::seq).orElse(0L) + 1;
        return new LauncherState(Status.ROLLBACK, committedSlot, committedVersion, trialSlot, trialVersion, trialBoots,
                requireRegistration, Optional.of(new Rollback(trialVersion.orElse("?"), reason, at, seq)));
    }

    /** Step two: back on the committed slot, the rollback kept for the agent to report. */
    public LauncherState rolledBack() {
        return new LauncherState(Status.COMMITTED, committedSlot, committedVersion, Optional.empty(), Optional.empty(), 0,
                false, rollback);
    }

    public byte[] toBytes() {
        StringBuilder b = new StringBuilder("# Loa launcher state; written atomically, do not edit while the launcher runs\n");
        b.append("status=").append(status).append('\n');
        b.append("committed.slot=").append(committedSlot).append('\n');
        b.append("committed.version=").append(committedVersion).append('\n');
        trialSlot.ifPresent(s -> b.append("trial.slot=").append(s).append('\n'));
        trialVersion.ifPresent(s -> b.append("trial.version=").append(s).append('\n'));
        b.append("trial.boots=").append(trialBoots).append('\n');
        b.append("trial.requireRegistration=").append(requireRegistration).append('\n');
        rollback.ifPresent(r -> {
            b.append("rollback.version=").append(r.version()).append('\n');
            b.append("rollback.reason=").append(escape(r.reason())).append('\n');
            b.append("rollback.at=").append(r.at()).append('\n');
            b.append("rollback.seq=").append(r.seq()).append('\n');
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\') b.append("\\\\");
            else if (c > 0x7e || c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    /** Reads the state; empty when the file does not exist (a device that never updated). */
    public static Optional<LauncherState> read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            Optional<Rollback> rb = Optional.ofNullable(p.getProperty("rollback.reason")).map(r -> new Rollback(
                    p.getProperty("rollback.version", "?"), r, p.getProperty("rollback.at", "?"),
                    Long.parseLong(p.getProperty("rollback.seq", "0"))));
            return Optional.of(new LauncherState(Status.valueOf(p.getProperty("status", "")),
                    p.getProperty("committed.slot", ""), p.getProperty("committed.version", "?"),
                    Optional.ofNullable(p.getProperty("trial.slot")), Optional.ofNullable(p.getProperty("trial.version")),
                    Integer.parseInt(p.getProperty("trial.boots", "0")),
                    Boolean.parseBoolean(p.getProperty("trial.requireRegistration", "false")), rb));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a valid launcher state (" + e.getMessage() + ")");
        }
    }

    public void write(FileOps fs, Path file) throws IOException {
        fs.mkdirs(file.toAbsolutePath().getParent());
        fs.atomicWrite(file, toBytes());
    }
}
