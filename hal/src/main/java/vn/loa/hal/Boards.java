package vn.loa.hal;

import vn.loa.hal.pi4j.Pi4jBoard;
import vn.loa.hal.pi4j.Pi4jSimulatedBoard;
import vn.loa.hal.time.Scheduler;

/**
 * Opens a {@link Board} for a profile: the device board for a real model, the simulated one (Pi4J mock GPIO,
 * same driver code) for {@code "simulated"}. The caller owns the board and must {@link Board#close()} it.
 */
public final class Boards {

    private Boards() { }

    /**
     * The board the profile describes: Pi4J gpiod for {@code raspberry-pi-4}/{@code raspberry-pi-5}, mock GPIO
     * for {@code simulated}.
     *
     * @throws BoardOpenException when the GPIO cannot be opened (not a Raspberry Pi, no GPIO chip); pins
     *     opened before the failure are released
     */
    public static Board open(BoardProfile profile, Scheduler scheduler) throws BoardOpenException {
        return switch (profile.board()) {
            case SIMULATED -> simulated(profile, scheduler);
            case RASPBERRY_PI_4, RASPBERRY_PI_5 -> Pi4jBoard.openDevice(profile, scheduler);
        };
    }

    /** Any profile on mock GPIO, with the handles of {@link SimulatedBoard}; works on any machine. */
    public static SimulatedBoard simulated(BoardProfile profile, Scheduler scheduler) {
        return Pi4jSimulatedBoard.open(profile, scheduler);
    }
}
