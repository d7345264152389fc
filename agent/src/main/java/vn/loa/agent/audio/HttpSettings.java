package vn.loa.agent.audio;

import java.time.Duration;

/**
 * The stream client's limits.
 *
 * @param connectTimeout    TCP (and TLS) connect
 * @param noDataTimeout     no byte for this long, or fewer than {@code minBytesPerSecond} on average over it: stalled
 * @param minBytesPerSecond the slowest delivery accepted (0 disables the rate check)
 * @param maxRedirects      3xx hops followed per connection
 * @param backoffInitial    first reconnect delay; doubles per failure
 * @param backoffMax        cap of the reconnect delay
 * @param primaryRetry      while on a failover URL, how often the primary is tried again
 * @param allow             where streams may come from; a redirect elsewhere is refused
 */
public record HttpSettings(Duration connectTimeout, Duration noDataTimeout, int minBytesPerSecond, int maxRedirects,
                           Duration backoffInitial, Duration backoffMax, Duration primaryRetry,
                           SourceAllowList allow) {

    /** Every source allowed. */
    public HttpSettings(Duration connectTimeout, Duration noDataTimeout, int minBytesPerSecond, int maxRedirects,
                        Duration backoffInitial, Duration backoffMax, Duration primaryRetry) {
        this(connectTimeout, noDataTimeout, minBytesPerSecond, maxRedirects, backoffInitial, backoffMax, primaryRetry,
                SourceAllowList.ANY);
    }

    public HttpSettings {
        java.util.Objects.requireNonNull(allow, "allow");
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects " + maxRedirects + " is negative");
        if (backoffInitial.compareTo(backoffMax) > 0) {
            throw new IllegalArgumentException("back-off start " + backoffInitial + " is above its cap " + backoffMax);
        }
    }
}
