package vn.loa.agent.update;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.tinylog.Logger;
import vn.loa.ota.UpdateService;
import vn.loa.ota.launcher.TrialMonitor;

/**
 * Restarts the agent into the slot just installed: runs the station's safe shutdown (item stopped, amplifiers off,
 * LwM2M deregistered), then exits with {@link TrialMonitor#EXIT_RESTART} (75), on which the launcher boots
 * {@code current} (now the new slot, in TRIAL).
 *
 * <p>The update service calls {@link #restartIntoNewSlot} on the control loop; the shutdown waits for that loop, so it
 * runs on a thread of its own ({@code loa-update-restart}) and the call returns at once. Only the first call acts.
 * {@code exit} is {@code System::exit} on a device and a recorder in tests; a shutdown that throws is logged and the
 * exit still happens (the launcher and systemd's {@code ExecStopPost} leave the outputs safe).
 */
public final class ExitRestarter implements UpdateService.Restarter {

    private final Runnable safeShutdown;
    private final IntConsumer exit;
    private final AtomicBoolean asked = new AtomicBoolean();

    public ExitRestarter(Runnable safeShutdown, IntConsumer exit) {
        this.safeShutdown = Objects.requireNonNull(safeShutdown, "safeShutdown");
        this.exit = Objects.requireNonNull(exit, "exit");
    }

    @Override public void restartIntoNewSlot(String version) {
        if (!asked.compareAndSet(false, true)) return;
        Logger.tag("update").info("restarting into {}: safe shutdown, then exit {} for the launcher", version,
                TrialMonitor.EXIT_RESTART);
        Thread t = new Thread(() -> {
            try {
                safeShutdown.run();
            } catch (RuntimeException e) {
                Logger.tag("update").error(e, "safe shutdown before the restart into {} failed; exiting anyway", version);
            }
            exit.accept(TrialMonitor.EXIT_RESTART);
        }, "loa-update-restart");
        t.start();
    }
}
