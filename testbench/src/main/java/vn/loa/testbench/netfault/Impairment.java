package vn.loa.testbench.netfault;

import java.time.Duration;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * What a {@link FaultProxy} does to the traffic it carries, applied to each direction separately (so a
 * {@code delay} of 100 ms adds 200 ms to a round trip). Immutable; change a running proxy's impairment
 * with {@link FaultProxy#impair(Impairment)}.
 *
 * @param delay one-way delay added to every datagram or TCP chunk; {@code ZERO} for none
 * @param jitter each delivery is moved by a seeded uniform amount in {@code [-jitter, +jitter]}, never
 *     earlier than its arrival; UDP datagrams may be reordered by it, TCP bytes never are
 * @param loss probability in {@code [0, 1]} that a datagram is dropped (seeded); on TCP a "lost" chunk is
 *     delivered late by the proxy's retransmission delay instead, as TCP would
 * @param bandwidthBytesPerSecond cap per direction; {@code 0} for unlimited. Datagrams that would wait
 *     longer than the proxy's queue limit are dropped; TCP senders are slowed down instead
 * @param blackhole when true, everything is silently discarded in both directions (TCP connections stay
 *     open and hear nothing), like a dead cellular link
 * @param natTimeout UDP only: an idle mapping (no datagram from the client for this long) is forgotten, so
 *     the server's datagrams to it are dropped and the client's next datagram leaves from a new source port,
 *     as carrier NATs do after 30-180 s; {@code ZERO} means mappings never expire
 */
public record Impairment(Duration delay, Duration jitter, double loss, long bandwidthBytesPerSecond,
                         boolean blackhole, Duration natTimeout) {

    /** A clean link: nothing added. */
    public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, false, Duration.ZERO);

    public Impairment {
        requireNonNegative("delay", delay);
        requireNonNegative("jitter", jitter);
        requireNonNegative("natTimeout", natTimeout);
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("impairment loss " + loss + " outside 0..1");
        }
        if (bandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("impairment bandwidthBytesPerSecond " + bandwidthBytesPerSecond
                    + " is negative; use 0 for unlimited");
        }
    }

    private static void requireNonNegative(String name, Duration d) {
        if (d == null) throw new IllegalArgumentException("impairment " + name + " is missing");
        if (d.isNegative()) throw new IllegalArgumentException("impairment " + name + " " + d + " is negative");
    }

    public Impairment withDelay(Duration d) {
        return new Impairment(d, jitter, loss, bandwidthBytesPerSecond, blackhole, natTimeout);
    }

    public Impairment withJitter(Duration j) {
        return new Impairment(delay, j, loss, bandwidthBytesPerSecond, blackhole, natTimeout);
    }

    public Impairment withLoss(double l) {
        return new Impairment(delay, jitter, l, bandwidthBytesPerSecond, blackhole, natTimeout);
    }

    public Impairment withBandwidth(long bytesPerSecond) {
        return new Impairment(delay, jitter, loss, bytesPerSecond, blackhole, natTimeout);
    }

    public Impairment withBlackhole(boolean b) {
        return new Impairment(delay, jitter, loss, bandwidthBytesPerSecond, b, natTimeout);
    }

    public Impairment withNatTimeout(Duration t) {
        return new Impairment(delay, jitter, loss, bandwidthBytesPerSecond, blackhole, t);
    }

    /**
     * Reads the JSON form of a scenario's {@code net} step ({@code "impair": {...}}); every key is optional and defaults
     * to a clean link (the console and the dashboard set one value at a time instead, with their own actions):
     * <pre>
     * {"delayMs": 100, "jitterMs": 20, "loss": 0.05, "bandwidthBytesPerSecond": 8000,
     *  "blackhole": false, "natTimeoutSeconds": 30}
     * </pre>
     * Problems (unknown key, wrong type, out of range) are collected with their JSON path, not thrown one at a time.
     */
    public static Impairment fromJson(JsonNode n) throws ConfigException {
        long delay = n.integer("delayMs", 0, 0, 600_000);
        long jitter = n.integer("jitterMs", 0, 0, 600_000);
        double loss = n.number("loss", 0, 0, 1);
        long bw = n.integer("bandwidthBytesPerSecond", 0, 0, Long.MAX_VALUE);
        boolean blackhole = n.bool("blackhole", false);
        long nat = n.integer("natTimeoutSeconds", 0, 0, 86_400);
        n.rejectUnknownKeys();
        n.problems().throwIfAny();
        return new Impairment(Duration.ofMillis(delay), Duration.ofMillis(jitter), loss, bw, blackhole, Duration.ofSeconds(nat));
    }

    /** A short human description, e.g. {@code delay=100ms jitter=20ms loss=5% bw=8000B/s}, or {@code clean}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (blackhole) b.append("blackhole ");
        if (!delay.isZero()) b.append("delay=").append(delay.toMillis()).append("ms ");
        if (!jitter.isZero()) b.append("jitter=").append(jitter.toMillis()).append("ms ");
        if (loss > 0) b.append("loss=").append(Math.round(loss * 1000) / 10.0).append("% ");
        if (bandwidthBytesPerSecond > 0) b.append("bw=").append(bandwidthBytesPerSecond).append("B/s ");
        if (!natTimeout.isZero()) b.append("natTimeout=").append(natTimeout.toSeconds()).append("s ");
        return b.isEmpty() ? "clean" : b.toString().trim();
    }
}
