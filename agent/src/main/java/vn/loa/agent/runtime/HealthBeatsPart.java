package vn.loa.agent.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;
import vn.loa.agent.lwm2m.StationLwm2mClient;
import vn.loa.agent.update.EngineSelfTest;
import vn.loa.agent.update.UpdateConfig;
import vn.loa.hal.time.Cancellable;
import vn.loa.ota.launcher.HealthReporter;

/**
 * Health beats to the launcher for a station that takes no updates (loa.json without an {@code update} section):
 * the launcher's watchdog restarts a child that sends none, so {@code loa run} under the launcher always beats.
 * Every {@code period} a task on the control loop sends {@code audio=} from the engine's self-test and
 * {@code registered=} from the LwM2M client, as {@link vn.loa.agent.update.StationUpdates} does when there is an
 * {@code update} section (then it beats, and this part is not added). A stuck loop stops the beats.
 *
 * <p>Owns the reporter: {@link #close()} cancels the beats and closes it.
 */
public final class HealthBeatsPart implements Station.Part {

    /** The default beat period: that of {@code update.heartbeatSeconds}, well under the launcher's 30 s watchdog. */
    public static final Duration DEFAULT_PERIOD = UpdateConfig.defaults().heartbeat();

    private final Cancellable beats;
    private final HealthReporter reporter;

    private HealthBeatsPart(Cancellable beats, HealthReporter reporter) {
        this.beats = beats;
        this.reporter = reporter;
    }

    /** Beats to {@code reporter} every {@code period}, the first at once. */
    public static Station.PartFactory factory(HealthReporter reporter, Duration period) {
        Objects.requireNonNull(reporter, "reporter");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period " + period + " must be positive");
        return station -> {
            EngineSelfTest audio = new EngineSelfTest(station.engine()::status, station.loop().clock(), EngineSelfTest.DEFAULT_DEADLINE);
            Cancellable c = station.loop().scheduleAtFixedRate(Duration.ZERO, period, () -> reporter.beat(audio.get(),
                    station.lwm2m().map(StationLwm2mClient::isRegistered).orElse(false)));
            Logger.tag("station").info("health beats to the launcher every {} ms (no update section)", period.toMillis());
            return new HealthBeatsPart(c, reporter);
        };
    }

    /**
     * The launcher that started this JVM ({@code -Dloa.launcher.health} and {@code LOA_HEALTH_TOKEN}); empty when not
     * started by one. A malformed address is logged (the launcher will restart a child that does not beat) and empty.
     */
    public static Optional<HealthReporter> launcher() {
        try {
            return HealthReporter.fromEnvironment();
        } catch (IOException e) {
            Logger.tag("station").error("health beats off, the launcher will restart the agent: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override public void close() {
        beats.cancel();
        reporter.close();
    }
}
