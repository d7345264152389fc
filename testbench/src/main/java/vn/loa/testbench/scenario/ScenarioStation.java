package vn.loa.testbench.scenario;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.DiagnoseReport;
import vn.loa.hal.time.Clock;
import vn.loa.testbench.dashboard.ActionResult;

/**
 * The station a scenario runs against, as the {@link ScenarioRunner} needs it: a headend that fires, stops,
 * schedules, sets volume and offers updates; per receiver a board whose inputs can be flipped and a network link
 * that can be cut or impaired; and self-tests. The simulated station implements it through an adapter; unit
 * tests use a fake.
 *
 * <p>Threading: the runner calls these methods from its own thread, one at a time. They may block for I/O (an
 * LwM2M request) but should return within a few seconds. A request the station cannot carry out (receiver not
 * registered, no update to offer) is a {@link ActionResult.Refused} naming why, not an exception.
 */
public interface ScenarioStation extends AutoCloseable {

    /** Opens and starts the station for a scenario. */
    @FunctionalInterface
    interface Factory {
        /**
         * Starts the scenario's receivers (a {@link ReceiverSpec#wrongPsk()} one with a PSK the headend does not know)
         * and its headend, with the bulletins (generated WAV files, by name) published on its content server. Every
         * receiver's items, amplifier and registration are hooked to {@code recorder} (a registration that happened
         * before the hook is reported with its time). The receivers' wall clock is {@code clock}. Everything it writes
         * goes under {@code dataDir}. On failure nothing is left running.
         */
        ScenarioStation open(Scenario scenario, Map<String, Path> bulletins, Path dataDir, Recorder recorder, Clock clock)
                throws Exception;
    }

    /** The headend fires item {@code itemId} (airing {@code bulletin}) at {@code level} on one receiver. */
    ActionResult fire(String receiver, String itemId, Level level, String bulletin);

    /** The headend stops item {@code itemId} on one receiver. */
    ActionResult stop(String receiver, String itemId);

    /**
     * Puts a one-off schedule entry {@code entryId} on one receiver's own schedule, due at {@code due} (wall time). The
     * simulated station puts it there directly, not through the headend (see {@link SimScenarioStation#schedule}).
     */
    ActionResult schedule(String receiver, String entryId, Level level, String bulletin, Instant due);

    ActionResult network(String receiver, Step.NetChange change);

    ActionResult mains(String receiver, boolean present);

    ActionResult door(String receiver, boolean open);

    ActionResult amplifierFault(String receiver, boolean fault);

    /** Uses up ({@code full}) or frees the receiver's simulated disk quota: its durable state cannot be written while full. */
    ActionResult disk(String receiver, boolean full);

    ActionResult volume(String receiver, int volume);

    /**
     * The headend offers the station's test release over the air; the update's outcome reaches the recorder.
     * {@code broken}: the release's trial gets a simulated defect, so it is rolled back.
     */
    ActionResult update(String receiver, boolean broken);

    /** Runs the receiver's self-tests now. */
    DiagnoseReport diagnose(String receiver) throws Exception;

    /** Stops everything: amplifiers off, sockets closed. Idempotent. */
    @Override void close();
}
