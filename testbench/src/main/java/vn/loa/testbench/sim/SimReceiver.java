package vn.loa.testbench.sim;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import vn.loa.agent.runtime.Station;
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
    private final Station station;
    private final ReceiverLink link;
    private final Optional<Path> capture;
    private final Path dataDir;
    private volatile Impairment impairment = Impairment.NONE;

    SimReceiver(String name, String label, String endpoint, Station station, ReceiverLink link, Optional<Path> capture,
                Path dataDir) {
        this.name = Objects.requireNonNull(name, "name");
        this.label = Objects.requireNonNull(label, "label");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.station = Objects.requireNonNull(station, "station");
        this.link = Objects.requireNonNull(link, "link");
        this.capture = Objects.requireNonNull(capture, "capture");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
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

    public Station station() {
        return station;
    }

    /** The simulated board: drive its inputs (mains, door, amplifier fault) and read its outputs. */
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
        return station.board().amplifiers().stream().map(z -> "amp." + z.zone() + ".fault").toList();
    }

    @Override public String toString() {
        return name + " (" + endpoint + ")";
    }
}
