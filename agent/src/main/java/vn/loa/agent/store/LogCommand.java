package vn.loa.agent.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.config.LoaConfig;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Clock;

/**
 * {@code ./loa log}: prints the play log for technicians, read-only (safe while the agent runs). The data folder and
 * the zone local times are shown in come from the receiver's {@code loa.json} ({@code store.dataDir},
 * {@code schedule.zone}) when there is one; {@code --data} overrides the folder.
 */
public final class LogCommand implements Command {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;
    private final Path defaultConfig;

    /**
     * {@code clock} gives "now" for ages like {@code --since 6h}, and the zone when there is no config;
     * {@code defaultConfig} is read when present and no {@code --config} is given.
     */
    public LogCommand(Clock clock, Path defaultConfig) {
        this.clock = clock;
        this.defaultConfig = defaultConfig;
    }

    @Override public String name() {
        return "log";
    }

    @Override public String summary() {
        return "print the play log: what aired, when, how it ended, and whether the headend has it";
    }

    @Override public String help() {
        return """
                Usage: ./loa log [--since WHEN] [--json] [--audit] [--config FILE] [--data DIR]

                Prints one line per play log record, oldest first, read-only (safe while the agent runs).

                Options:
                  --since WHEN  only records that ended at or after WHEN: an age (90m, 6h, 3d), a local date
                                (2026-01-05) or date-time (2026-01-05T06:00) in the station zone, or an
                                instant (2026-01-04T23:00:00Z). Default: every record kept.
                  --json        one stored JSON record per line (for scripts) instead of the table
                  --audit       the audit log instead: who changed the schedule, what was refused and why,
                                power changes (DIR/audit)
                  --config FILE the receiver's loa.json (default %s, used when present): the data folder
                                is its store.dataDir and times are shown in its schedule.zone
                  --data DIR    the station's data folder (default: the config's, else /var/lib/loa); the
                                log is DIR/playlog

                Columns: #seq, delivered to the headend (acked) or not yet (pending), level, item, result,
                scheduled time, actual start (+ seconds late), end, underruns, amplifier, volume, source.

                Without a config, times are shown in the station's default zone (Asia/Ho_Chi_Minh).

                Exit codes: 0 printed (also when there is nothing), 1 the log or the config cannot be read,
                2 usage error.""".formatted(defaultConfig);
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("since", "data", "config"), Set.of("json", "audit"));
        if (!a.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'");
        Path data = StoreConfig.DEFAULT_DATA_DIR;
        ZoneId zone = clock.zone();
        Path configFile = Path.of(a.value("config", defaultConfig.toString()));
        if (a.value("config").isPresent() || Files.exists(configFile)) {
            try {
                LoaConfig config = LoaConfig.load(configFile, LoaConfig.DEVICE_DATA);
                data = config.store().dataDir();
                zone = config.schedule().zone();
            } catch (ConfigException e) {
                String problems = e.problems().isEmpty() ? e.getMessage() : String.join("; ", e.problems());
                if (a.value("data").isEmpty()) {
                    err.println("loa log: config " + configFile + " unusable: " + problems
                            + "; fix it, or give the data folder with --data DIR");
                    return FAILED;
                }
                err.println("loa log: config " + configFile + " unusable (" + problems + "); reading --data with times in " + zone);
            }
        }
        if (a.value("data").isPresent()) data = Path.of(a.value("data").get());
        Instant since = a.value("since").isPresent() ? parseSince(a.value("since").get(), clock, zone) : Instant.MIN;
        if (a.flag("audit")) return audit(data.resolve("audit"), since, a.flag("json"), zone, out, err);
        Path dir = data.resolve("playlog");
        if (!Files.isDirectory(dir)) {
            err.println("loa log: no play log at " + dir + " (is --data right? the agent creates it on first start)");
            return FAILED;
        }
        List<PlayRecord> records;
        long acked;
        try {
            records = PlayLog.readAll(RealDisk.INSTANCE, dir);
            acked = PlayLog.readAcknowledged(RealDisk.INSTANCE, dir);
        } catch (IOException e) {
            err.println("loa log: cannot read " + dir + ": " + e.getMessage());
            return FAILED;
        }
        int shown = 0;
        int pending = 0;
        for (PlayRecord r : records) {
            if (r.seq() > acked) pending++;
            if (r.event().end().isBefore(since)) continue;
            shown++;
            out.println(a.flag("json") ? PlayLog.encode(r) : line(r, r.seq() <= acked, zone));
        }
        if (!a.flag("json")) {
            out.println(shown + " record(s) shown of " + records.size() + "; " + pending
                    + " not yet acknowledged by the headend (acknowledged up to #" + acked + ")");
        }
        return OK;
    }

    private int audit(Path dir, Instant since, boolean json, ZoneId zone, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(dir)) {
            err.println("loa log: no audit log at " + dir + " (is --data right? the agent creates it on first start)");
            return FAILED;
        }
        List<AuditEntry> entries;
        try {
            entries = AuditLog.readAll(RealDisk.INSTANCE, dir);
        } catch (IOException e) {
            err.println("loa log: cannot read " + dir + ": " + e.getMessage());
            return FAILED;
        }
        int shown = 0;
        for (AuditEntry e : entries) {
            if (e.at().isBefore(since)) continue;
            shown++;
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("at", e.at().toString());
                m.put("who", e.who());
                m.put("action", e.action());
                m.put("detail", e.detail());
                try {
                    out.println(com.fasterxml.jackson.jr.ob.JSON.std.asString(m));
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            } else {
                out.println(WHEN.format(e.at().atZone(zone)) + "  " + e.who() + "  " + e.action() + "  " + e.detail());
            }
        }
        if (!json) out.println(shown + " audit entr" + (shown == 1 ? "y" : "ies") + " shown of " + entries.size());
        return OK;
    }

    static String line(PlayRecord r, boolean acked, ZoneId zone) {
        PlayEvent e = r.event();
        StringBuilder b = new StringBuilder();
        b.append('#').append(r.seq()).append(' ').append(acked ? "acked  " : "pending").append(' ');
        b.append(String.format("%-9s", e.level().lower())).append(' ').append(e.itemId()).append("  ").append(e.result().describe());
        if (e.scheduledStart() != null) b.append("  scheduled ").append(WHEN.format(e.scheduledStart().atZone(zone)));
        if (e.actualStart() != null) {
            b.append("  start ").append(WHEN.format(e.actualStart().atZone(zone)));
            if (e.scheduledStart() != null) {
                long late = Duration.between(e.scheduledStart(), e.actualStart()).toSeconds();
                b.append(late >= 0 ? " (+" : " (").append(late).append(" s)");
            }
            b.append("  end ").append(HMS.format(e.end().atZone(zone)));
            b.append("  underruns ").append(e.underruns());
        } else {
            b.append("  at ").append(WHEN.format(e.end().atZone(zone)));
        }
        if (e.amplifier() != null) b.append("  amp ").append(e.amplifier());
        if (e.volume() >= 0) b.append("  volume ").append(e.volume());
        if (e.source() != null) b.append("  source ").append(e.source());
        return b.toString();
    }

    /** An age ({@code 90m}, {@code 6h}, {@code 3d}), a local date or date-time in {@code zone}, or an instant. */
    static Instant parseSince(String s, Clock clock, ZoneId zone) throws Args.UsageException {
        String t = s.trim();
        if (t.matches("\\d{1,6}[mhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.now().minus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // not an instant; try local forms
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--since '" + s + "' is not an age (90m, 6h, 3d), a date (2026-01-05), "
                    + "a local date-time (2026-01-05T06:00) or an instant (2026-01-04T23:00:00Z)");
        }
    }
}
