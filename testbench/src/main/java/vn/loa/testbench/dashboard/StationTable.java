package vn.loa.testbench.dashboard;

import java.util.ArrayList;
import java.util.List;

/** The console's {@code list}: one line per receiver with what the dashboard's cards show. */
public final class StationTable {

    private StationTable() {
    }

    /** A header and one aligned line per receiver; flags list only what is abnormal. */
    public static List<String> lines(StationView v) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RECEIVER", "REGISTRATION", "AMPLIFIER", "ON AIR", "VOL", "BUFFER", "UNDERRUNS", "VERSION", "FLAGS"});
        for (ReceiverView r : v.receivers()) {
            List<String> flags = new ArrayList<>();
            if (r.outOfService()) flags.add("OUT-OF-SERVICE");
            if (r.speakerLineOpen()) flags.add("SPEAKER-LINE-OPEN");
            if (!r.mainsPresent()) flags.add("NO-MAINS");
            if (r.doorOpen()) flags.add("DOOR-OPEN");
            if (r.amplifierFault()) flags.add("AMP-FAULT");
            if (!r.networkUp()) flags.add("NET-CUT");
            if (!r.impairment().equals("clean")) flags.add("NET-IMPAIRED");
            if (r.diskFull()) flags.add("DISK-FULL");
            rows.add(new String[] {r.id(), r.registration().name().toLowerCase(java.util.Locale.ROOT), r.amplifier(),
                    r.playing().map(p -> p.level().lower() + " " + p.title()).orElse("-"), String.valueOf(r.volume()),
                    Math.round(r.bufferFill() * 100) + "%", String.valueOf(r.underruns()), r.version(),
                    flags.isEmpty() ? "-" : String.join(",", flags)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i == row.length - 1 ? row[i] : String.format("%-" + (w[i] + 2) + "s", row[i]));
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }
}
