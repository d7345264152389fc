package vn.loa.testbench.dashboard;

/**
 * Where the dashboard reads the station from. The simulated station (and a console) implement it.
 *
 * <p>Called from the dashboard's own refresh thread a few times a second: must be thread-safe, cheap, and
 * never block on the station's control loop for long; returning the last published snapshot is ideal.
 */
@FunctionalInterface
public interface StationSource {

    StationView snapshot();
}
