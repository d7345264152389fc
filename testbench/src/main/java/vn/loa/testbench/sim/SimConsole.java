package vn.loa.testbench.sim;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import vn.loa.agent.runtime.StationSnapshot;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayRecord;
import vn.loa.testbench.dashboard.Action;
import vn.loa.testbench.dashboard.ActionResult;
import vn.loa.testbench.dashboard.ConsoleSyntax;
import vn.loa.testbench.dashboard.StationTable;
import vn.loa.testbench.netfault.LinkStats;

/**
 * The {@code ./loa sim} console: one typed line at a time. The actions ({@link ConsoleSyntax}) are the dashboard's
 * buttons, carried out by the {@link SimStation}; {@code list}, {@code status}, {@code log}, {@code help} and
 * {@code quit} only read. A mistake prints what was wrong and the console goes on.
 *
 * <p>Not thread-safe: one reader thread calls {@link #handle}.
 */
public final class SimConsole {

    /** Every console command, for {@code help}: the read-only ones, then {@link ConsoleSyntax#HELP}, then help and quit. */
    public static final String HELP = String.join("\n",
            "  list                                     one line per receiver (registration, amplifier, on air, flags)",
            "  status [RX]                              details: headend's view, network counters",
            "  log RX                                   the receiver's own play log (last 24 h, 20 lines), oldest first",
            ConsoleSyntax.HELP.lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n")),
            "  help                                     this list",
            "  quit                                     stop every receiver (amplifiers off) and exit");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT);
    /** How far back {@code log} looks, and how many lines it shows at most. */
    private static final java.time.Duration LOG_SPAN = java.time.Duration.ofHours(24);
    private static final int LOG_LINES = 20;

    private final SimStation sim;
    private final PrintStream out;

    public SimConsole(SimStation sim, PrintStream out) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Carries out one line; false when the console should end ({@code quit}, {@code exit}). */
    public boolean handle(String line) {
        String t = line.trim();
        if (t.isEmpty()) return true;
        String[] w = t.split("\\s+");
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "quit", "exit" -> {
                return false;
            }
            case "help" -> out.println(HELP);
            case "list" -> {
                StationTable.lines(sim.snapshot()).forEach(out::println);
                // What the last over-the-air update did, where there was one.
                for (SimReceiver r : sim.receivers()) {
                    if (!r.updateStatus().startsWith("running ")) out.println(r.name() + " update: " + r.updateStatus());
                }
            }
            case "status" -> status(w.length > 1 ? w[1] : null);
            case "log" -> log(w);
            default -> act(t);
        }
        return true;
    }

    private void act(String line) {
        Action a;
        try {
            a = ConsoleSyntax.parse(line);
        } catch (IllegalArgumentException e) {
            out.println("console: " + e.getMessage());
            return;
        }
        switch (sim.perform(a)) {
            case ActionResult.Done d -> out.println("ok: " + d.message());
            case ActionResult.Refused r -> out.println("refused: " + r.reason());
        }
    }

    private void status(String only) {
        List<SimReceiver> rs = only == null ? sim.receivers() : sim.receiver(only).map(List::of).orElse(List.of());
        if (rs.isEmpty()) {
            out.println("console: no receiver '" + only + "'; receivers: " + names());
            return;
        }
        out.println("headend " + sim.headend().uri() + ", content " + sim.content().baseUri()
                + sim.dashboard().map(d -> ", dashboard " + d.url()).orElse(""));
        for (SimReceiver r : rs) {
            StationSnapshot s = r.station().snapshot();
            LinkStats u = r.link().udp().stats();
            LinkStats c = r.link().tcp().stats();
            out.println(r.name() + " (" + r.endpoint() + "): " + (sim.headend().isRegistered(r.endpoint()) ? "registered" : "not registered")
                    + ", amplifier " + s.amplifiers() + ", on air " + s.itemId().orElse("nothing")
                    + s.level().map(l -> " (" + l.lower() + ")").orElse("") + ", phase " + s.phase()
                    + String.format(Locale.ROOT, ", volume %d%s, buffer %.1f s, underruns %d", s.volume(), s.muted() ? " (muted)" : "",
                    s.bufferSeconds(), s.underruns())
                    + ", mains " + (s.mains() ? "present" : "LOST") + ", door " + (s.tamper() ? "OPEN" : "closed")
                    + ", clock " + (s.clockTrusted() ? "trusted" : "NOT trusted")
                    + ", disk " + (r.disk().isFull() ? "FULL (simulated quota used up)" : "ok") + ", version " + s.version());
            Map<String, Object> seen = sim.headend().status(r.endpoint());
            out.println("  headend sees: " + (seen.isEmpty() ? "nothing yet" : new java.util.TreeMap<>(seen)));
            out.println("  network " + (r.link().isUp() ? "up" : "CUT") + " (" + r.impairment().describe() + "); udp "
                    + u.delivered() + " delivered, " + u.lost() + " lost, " + u.blackholed() + " blackholed, " + u.natRebinds()
                    + " NAT rebinds; tcp " + c.delivered() + " delivered, " + c.blackholed() + " blackholed, " + c.resets()
                    + " connections reset");
            out.println("  update: " + r.updateStatus());
            r.capture().ifPresent(p -> out.println("  capture " + p));
        }
    }

    /** The receiver's own play log (the agent's durable record the headend collects), newest last. */
    private void log(String[] w) {
        if (w.length != 2) {
            out.println("console: usage: log RX (receivers: " + names() + ")");
            return;
        }
        SimReceiver r = sim.receiver(w[1]).orElse(null);
        if (r == null) {
            out.println("console: no receiver '" + w[1] + "'; receivers: " + names());
            return;
        }
        ZoneId zone = r.station().config().station().zone();
        List<PlayRecord> records;
        try {
            records = r.station().playLog().since(java.time.Instant.now().minus(LOG_SPAN));
        } catch (java.io.IOException e) {
            out.println("console: " + r.name() + "'s play log cannot be read: " + e.getMessage());
            return;
        }
        List<PlayRecord> last = records.subList(Math.max(0, records.size() - LOG_LINES), records.size());
        if (last.isEmpty()) out.println(r.name() + ": nothing played in the last " + LOG_SPAN.toHours() + " h");
        for (PlayRecord rec : last) {
            PlayEvent e = rec.event();
            java.time.Instant at = e.actualStart() != null ? e.actualStart() : e.end();
            out.println(String.format(Locale.ROOT, "#%-4d %s  %-9s %-28s %-18s %s%s", rec.seq(), TIME.format(at.atZone(zone)),
                    e.level().lower(), e.itemId(), e.origin(), e.result().describe(),
                    e.underruns() > 0 ? " (" + e.underruns() + " underruns)" : ""));
        }
        r.station().snapshot().itemId().ifPresent(id -> out.println("on air now: " + id));
    }

    private String names() {
        return String.join(", ", sim.receivers().stream().map(SimReceiver::name).toList());
    }
}
