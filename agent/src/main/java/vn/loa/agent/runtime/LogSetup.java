package vn.loa.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinylog.configuration.Configuration;

/**
 * Configures tinylog once per process, before the first log line: a console writer (optional) and a rolling
 * file under the log folder (5 files of 5 MB). Californium's, Leshan's and Pi4J's SLF4J logs reach the same
 * writers through {@code slf4j-tinylog}. Every line carries a tag ({@code amp}, {@code input}, {@code loop},
 * ...), so {@code grep '\[amp\]'} shows one component's story.
 */
public final class LogSetup {

    static final String FILE_FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{tag}] {message}";
    static final String CONSOLE_FORMAT = "{date: HH:mm:ss.SSS} {level|min-size=5} [{tag}] {message}";

    private LogSetup() {
    }

    /**
     * Applies the configuration. Must be called before anything logs; a second call in the same process has no
     * effect (tinylog freezes its configuration on first use). A log folder that cannot be created leaves
     * the console writer only, and says so on stderr.
     */
    public static synchronized void configure(Path logDir, String level, boolean console) {
        if (Configuration.isFrozen()) return;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("level", level);
        m.put("writingthread", "false");
        // tinylog's own shutdown hook would close the writers while the station's hook still logs the safe state;
        // RunCommand's hook calls shutdown() last instead.
        m.put("autoshutdown", "false");
        int n = 1;
        if (console) {
            m.put("writer" + n, "console");
            m.put("writer" + n + ".format", CONSOLE_FORMAT);
            m.put("writer" + n + ".stream", "out");
            n++;
        }
        try {
            Files.createDirectories(logDir);
            m.put("writer" + n, "rolling file");
            m.put("writer" + n + ".file", logDir.resolve("loa-{count}.log").toString());
            m.put("writer" + n + ".latest", logDir.resolve("loa.log").toString());
            m.put("writer" + n + ".policies", "startup, size: 5mb");
            m.put("writer" + n + ".backups", "5");
            m.put("writer" + n + ".format", FILE_FORMAT);
            m.put("writer" + n + ".charset", "UTF-8");
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("loa: cannot create log folder " + logDir + " (" + e.getMessage() + "); logging to the console only");
            if (!console) {
                m.put("writer1", "console");
                m.put("writer1.format", CONSOLE_FORMAT);
            }
        }
        Configuration.replace(m);
    }

    /**
     * For one-shot commands whose printed report is their whole output ({@code loa diagnose}): nothing is logged,
     * so library chatter (DTLS, GPIO) never mixes into the report or its JSON. No effect once logging was used.
     */
    public static synchronized void silence() {
        if (Configuration.isFrozen()) return;
        Configuration.replace(Map.of("level", "off", "autoshutdown", "false"));
    }

    /** Flushes and closes the writers; the last thing a process does after its final log line. */
    public static void shutdown() {
        try {
            org.tinylog.provider.ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
