package vn.loa.testbench.sim;

import java.nio.file.Path;
import java.util.List;
import org.tinylog.configuration.Configuration;
import vn.loa.agent.runtime.LogSetup;

/**
 * Logging for {@code ./loa sim}: the agent's set-up ({@link LogSetup}: console and a rolling file), with two changes
 * for a process that runs many receivers and libraries at once: the console shows Loa's own tagged lines and only
 * the warnings and errors of the libraries (Californium, Leshan and Pi4J log dozens of start-up lines per receiver);
 * the file keeps everything. {@link #shutdown()} closes the writers after the safe state.
 */
final class SimLogging {

    /** Loa's log tags (the console shows these at every level). */
    static final List<String> LOA_TAGS = List.of("sim", "headend", "content", "dashboard", "netfault", "station", "board",
            "amp", "arbiter", "audio", "stream", "ffmpeg", "lwm2m", "schedule", "playlog", "audit", "store", "cache", "power",
            "clock", "loop", "io", "ota", "update", "provision");

    /** As the agent's console lines look. */
    static final String CONSOLE_FORMAT = "{date: HH:mm:ss.SSS} {level|min-size=5} [{tag}] {message}";

    private SimLogging() {
    }

    /** Call once before anything logs. */
    static void configure(Path logs) {
        LogSetup.configure(logs, "info", true);
        if (Configuration.isFrozen()) return;
        // LogSetup's console writer is writer1 (reading the configuration back would freeze it).
        Configuration.set("writer1.tag", String.join(", ", LOA_TAGS));
        Configuration.set("writerlibraries", "console");
        Configuration.set("writerlibraries.tag", "-");
        Configuration.set("writerlibraries.level", "warn");
        Configuration.set("writerlibraries.stream", "out");
        Configuration.set("writerlibraries.format", CONSOLE_FORMAT);
        // Pi4J looks for a Raspberry Pi's board files at every start and logs their absence as errors: on the
        // simulated board that is expected, not news.
        Configuration.set("level@com.pi4j.boardinfo", "off");
    }

    /** Flushes and closes the writers (tinylog's own hook is off, {@link LogSetup}); the last thing the process does. */
    static void shutdown() {
        LogSetup.shutdown();
    }
}
