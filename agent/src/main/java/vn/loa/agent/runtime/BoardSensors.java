package vn.loa.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;
import vn.loa.agent.lwm2m.StationSensors;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.Board;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.Scheduler;

/**
 * The station's own state over the HAL: mains and tamper from the board's {@code mainsPresent} and {@code doorOpen}
 * inputs (a board without a mains input counts as always on mains, one without a door switch as never open), uptime
 * from the monotonic clock, free disk of the state folder (store.dataDir) (refreshed on the control loop every {@link #DISK_EVERY}),
 * and the clock trust. No battery gauge, enclosure sensor or self-test yet: those read as absent.
 *
 * <p>Thread contract as {@link StationSensors}: {@link #read()} never blocks. Listeners hear mains and tamper changes
 * (on the loop) and whatever {@link #changed()} reports (clock trust).
 */
final class BoardSensors implements StationSensors {

    static final Duration DISK_EVERY = Duration.ofMinutes(1);

    private final Board board;
    private final Clock clock;
    private final Path dataDir;
    private final BooleanSupplier clockTrusted;
    private final long startNanos;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile long diskFree;
    private Cancellable diskTimer = Cancellable.NONE;

    BoardSensors(Board board, Clock clock, Path dataDir, BooleanSupplier clockTrusted) {
        this.board = board;
        this.clock = clock;
        this.dataDir = dataDir;
        this.clockTrusted = clockTrusted;
        this.startNanos = clock.monotonicNanos();
        this.diskFree = usableSpace(dataDir);
        for (BoardProfile.InputRole r : BoardProfile.InputRole.values()) {
            board.input(r).ifPresent(in -> in.addListener((i, active) -> changed()));
        }
        for (BoardProfile.Zone z : board.profile().amplifiers()) {
            board.input(z.lineOpenRole()).ifPresent(in -> in.addListener((i, open) -> {
                if (open) {
                    Logger.tag("station").warn("speaker line OPEN on zone {}: cable cut, loudspeaker disconnected or "
                            + "stolen, or a loose terminal; that zone's loudspeakers are silent", z.name());
                } else {
                    Logger.tag("station").info("speaker line on zone {} closed again", z.name());
                }
                changed();
            }));
        }
    }

    /** Starts refreshing the free disk space on {@code loop}. */
    void start(Scheduler loop) {
        diskTimer = loop.scheduleAtFixedRate(DISK_EVERY, DISK_EVERY, () -> diskFree = usableSpace(dataDir));
    }

    void stop() {
        diskTimer.cancel();
    }

    boolean mainsPresent() {
        return board.input(BoardProfile.InputRole.MAINS_PRESENT).map(BinaryInput::active).orElse(true);
    }

    boolean tamper() {
        return board.input(BoardProfile.InputRole.DOOR_OPEN).map(BinaryInput::active).orElse(false);
    }

    @Override public Reading read() {
        return new Reading(mainsPresent(), OptionalInt.empty(), tamper(), OptionalDouble.empty(),
                Duration.ofNanos(clock.monotonicNanos() - startNanos), diskFree, clockTrusted.getAsBoolean(), Optional.empty(),
                speakerLinesOpen());
    }

    /** The zones whose supervised speaker line is open ("" when all closed); empty when none is supervised. */
    Optional<String> speakerLinesOpen() {
        boolean supervised = false;
        List<String> open = new java.util.ArrayList<>();
        for (BoardProfile.Zone z : board.profile().amplifiers()) {
            Optional<BinaryInput> in = board.input(z.lineOpenRole());
            if (in.isEmpty()) continue;
            supervised = true;
            if (in.get().active()) open.add(z.name());
        }
        return supervised ? Optional.of(String.join(",", open)) : Optional.empty();
    }

    @Override public void addChangeListener(Runnable l) {
        listeners.add(l);
    }

    /** Tells the listeners that something worth a notification changed. */
    void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                Logger.tag("station").error(e, "sensor listener failed; the others still hear");
            }
        }
    }

    /** Free bytes of the file system holding {@code dir} (or its nearest existing parent); 0 when unknown. */
    static long usableSpace(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return 0;
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            Logger.tag("station").warn("free space of {} unknown: {}", p, e.getMessage());
            return 0;
        }
    }
}
