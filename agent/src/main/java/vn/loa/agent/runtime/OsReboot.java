package vn.loa.agent.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;
import vn.loa.agent.lwm2m.RebootHook;

/**
 * Device Reboot (LwM2M 3/0/4) on a receiver: on its own thread, so the server gets its 2.04 first, the station goes
 * to its safe state and deregisters ({@link Station#close()}), then the OS is asked to reboot with
 * {@link #DEFAULT_COMMAND}. Should the command fail, the agent has still stopped with the amplifiers off and
 * {@code loa run} returns, so systemd's restart policy brings the agent back: never a half-rebooted station.
 */
public final class OsReboot implements RebootHook {

    /** What asks the OS to reboot on a systemd receiver. */
    public static final List<String> DEFAULT_COMMAND = List.of("systemctl", "reboot");
    /** The longest the reboot command may take to return. */
    static final long COMMAND_TIMEOUT_SECONDS = 30;

    /** Runs the OS command; returns its exit code. */
    @FunctionalInterface
    public interface CommandRunner {
        int run(List<String> command) throws IOException, InterruptedException;

        CommandRunner SYSTEM = command -> {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not return within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return p.exitValue();
        };
    }

    private final Supplier<Station> station;
    private final List<String> command;
    private final CommandRunner runner;

    /** @param station the running station (a supplier: the hook is given to the builder before the station exists) */
    public OsReboot(Supplier<Station> station, List<String> command, CommandRunner runner) {
        this.station = Objects.requireNonNull(station, "station");
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) throw new IllegalArgumentException("empty reboot command");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override public void safeReboot(String by) {
        Thread.ofPlatform().name("loa-reboot").start(() -> reboot(by));
    }

    /** The reboot itself; returns when the command returned (or failed). Package-visible for tests. */
    void reboot(String by) {
        Logger.tag("station").warn("reboot requested by {}: going to the safe state first", by);
        Station s = station.get();
        if (s != null) s.close();
        try {
            int rc = runner.run(command);
            if (rc == 0) Logger.tag("station").info("reboot: '{}' accepted", String.join(" ", command));
            else Logger.tag("station").error("reboot: '{}' exited {}; the agent stopped with amplifiers off and will be "
                    + "restarted by systemd", String.join(" ", command), rc);
        } catch (IOException e) {
            Logger.tag("station").error("reboot: '{}' failed: {}; the agent stopped with amplifiers off and will be "
                    + "restarted by systemd", String.join(" ", command), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
