package vn.loa.agent.diagnose;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** How a {@link DiagnoseReport} is shown: lines for people, or JSON for tools and the fleet. */
public final class DiagnoseOutput {

    private DiagnoseOutput() {
    }

    /** A heading, one line per check, a blank line and the verdict. */
    public static String text(DiagnoseReport r, String heading) {
        StringBuilder b = new StringBuilder(heading).append('\n');
        r.lines().forEach(l -> b.append(l).append('\n'));
        return b.append('\n').append(r.summary()).append('\n').toString();
    }

    /**
     * {@code {"at", "receiver", "worst", "exitCode", "checks": [{"check", "status", "detail", "cause", "remedy",
     * "tookMillis"}]}}; statuses in upper case as in the text lines.
     */
    public static String json(DiagnoseReport r, String receiver) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", r.at().toString());
        root.put("receiver", receiver);
        root.put("worst", r.worst().name());
        root.put("exitCode", r.exitCode());
        List<Object> checks = new ArrayList<>();
        for (DiagnoseReport.Entry e : r.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", e.check());
            m.put("status", e.result().status().name().toUpperCase(Locale.ROOT));
            m.put("detail", e.result().detail());
            m.put("cause", e.result().cause());
            m.put("remedy", e.result().remedy());
            m.put("tookMillis", e.took().toMillis());
            checks.add(m);
        }
        root.put("checks", checks);
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the diagnose report as JSON", e);
        }
    }
}
