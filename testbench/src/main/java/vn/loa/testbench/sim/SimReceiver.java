package vn.loa.testbench.sim;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.runtime.Station;
import vn.loa.ota.UpdateResult;
import vn.loa.hal.SimulatedBoard;
import vn.loa.testbench.netfault.Impairment;
import vn.loa.testbench.netfault.ReceiverLink;

/**
 * One receiver of a {@link SimStation}: a real {@link Station} on the simulated board, registered with the headend
 * through its own fault proxies ({@link #link()}), its audio captured to {@link #capture()} (or played on the sound
 * card with {@code --speaker}).
 *
 * <p>Owned by the {@link SimStation}: do not close the station or the link yourself. Thread-safe.
 */
public final class SimReceiver {

    private final String name;
    private final String label;
    private final String endpoint;
    private volatile Station station;
    private final SimLauncher launcher;
    private final ReceiverLink link;
    private final Optional<Path> capture;
    private final Path dataDir;
    private final QuotaDisk disk;
    private volatile Impairment impairment = Impairment.NONE;

    SimReceiver(String name, String label, String endpoint, Station station, SimLauncher launcher, ReceiverLink link,
                Optional<Path> capture, Path dataDir, QuotaDisk disk) {
        this.name = Objects.requireNonNull(name, "name");
        this.label = Objects.requireNonNull(label, "label");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.station = Objects.requireNonNull(station, "station");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.link = Objects.requireNonNull(link, "link");
        this.capture = Objects.requireNonNull(capture, "capture");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    /** The id used in the console, dashboard and scenarios: {@code rx-1}, {@code rx-2}, ... */
    public String name() {
        return name;
    }

    /** A human name for the dashboard ({@code Ấp 1}). */
    public String label() {
        return label;
    }

    /** Its LwM2M endpoint name at the headend ({@code loa-sim-rx-1}). */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The agent running now. An over-the-air update replaces it (the simulated launcher starts the new release as a new
     * station): read it again rather than keeping it.
     */
    public Station station() {
        return station;
    }

    /** The running release, as the Device object reports it (Firmware Version once committed). */
    public String version() {
        return station.version();
    }

    /**
     * The receiver's update story in one line: {@code running 1.0.0}, {@code on trial 1.1.0}, {@code committed 1.1.0},
     * {@code rolled back from 1.1.0 to 1.0.0: REASON}.
     */
    public String updateStatus() {
        return launcher.status();
    }

    SimLauncher launcher() {
        return launcher;
    }

    /**
     * Hears what over-the-air updates do to this receiver. Called on the receiver's launcher thread; must not block
     * for long.
     */
    public interface UpdateListener {
        /** The launcher started {@code next} (the new release on trial, or the old one after a rollback). */
        default void restarted(Station next) {
        }

        /**
         * The update ended: {@code result} as the running agent reports it in Object 5 (SUCCESS after a commit,
         * UPDATE_FAILED after a rollback), the version it runs, and its detail text.
         */
        void ended(UpdateResult result, String version, String detail);
    }

    /** Adds a listener for this receiver's updates. */
    public void addUpdateListener(UpdateListener l) {
        launcher.addListener(l);
    }

    /** The simulated launcher started a new release. */
    void swap(Station next) {
        station = Objects.requireNonNull(next, "station");
    }

    /**
     * The simulated board of the running station: drive its inputs (mains, door, amplifier fault) and read its outputs.
     * A restart after an update opens a fresh board (inputs at their defaults).
     */
    public SimulatedBoard board() {
        return (SimulatedBoard) station.board();
    }

    /** Its network path: the UDP proxy to the headend and the TCP proxy to the content server. */
    public ReceiverLink link() {
        return link;
    }

    /** The WAV file its audio goes to; empty when it plays on the sound card. */
    public Optional<Path> capture() {
        return capture;
    }

    /** Its own data folder (state, logs, cache). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * The disk its durable state (audit log, play log, schedule, content cache) is written through, with the simulated quota the
     * console's {@code disk full|ok} uses up and frees; it stays full through an update's restart.
     */
    public QuotaDisk disk() {
        return disk;
    }

    /** The content server as this receiver reaches it: through its TCP fault proxy. */
    public URI contentBase() {
        return URI.create("http://127.0.0.1:" + link.contentAddress().getPort());
    }

    /** The impairment set on its link (before any cut), as the console last set it. */
    public Impairment impairment() {
        return impairment;
    }

    /** Sets the link's impairment (applies after a cut ends when cut now). */
    public void impair(Impairment i) {
        impairment = Objects.requireNonNull(i, "impairment");
        link.impair(i);
    }

    /** The role names of every amplifier zone's fault input ({@code amp.main.fault}, {@code amp.market.fault}). */
    java.util.List<String> faultRoles() {
        return station.board().profile().amplifiers().stream().map(vn.loa.hal.BoardProfile.Zone::faultRole).toList();
    }

    /** The role names of every supervised speaker line ({@code amp.main.lineOpen}, ...): those the board has. */
    java.util.List<String> lineRoles() {
        return station.board().profile().amplifiers().stream().filter(z -> z.lineOpen().isPresent())
                .map(vn.loa.hal.BoardProfile.Zone::lineOpenRole).toList();
    }

    @Override public String toString() {
        return name + " (" + endpoint + ")";
    }
}
