package vn.loa.ota.release;

import java.io.PrintStream;

/**
 * A one-line progress bar for a terminal: {@code [##########----------]  50%  12.3/24.6 MB  lib/x.jar}, redrawn
 * with a carriage return when the percentage moves, ended with a newline at 100 %.
 */
public final class TextProgressBar implements Progress {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private int lastPercent = -1;

    public TextProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override public void update(long done, long total, String item) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent) return;
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String name = item.length() > 40 ? "..." + item.substring(item.length() - 37) : item;
        out.printf("\r[%s] %3d%%  %5.1f/%.1f MB  %-40s", bar, percent, done / 1e6, total / 1e6, name);
        if (percent == 100) out.println();
        out.flush();
    }

    /** Renders one frame without the carriage return (for tests and logs). */
    static String frame(long done, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        int filled = percent * WIDTH / 100;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + percent + "%";
    }
}
