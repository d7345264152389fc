package vn.loa.agent.store;

import java.time.Duration;
import vn.loa.hal.json.JsonNode;

/**
 * The {@code cache} section of {@code loa.json}.
 * <pre>
 * "cache": {
 *   "quotaMiB": 512,                 // stored bulletins + partial downloads never exceed this
 *   "connectTimeoutSeconds": 10,
 *   "responseTimeoutSeconds": 30     // until the response headers arrive
 * }</pre>
 */
public record CacheConfig(long quotaBytes, Duration connectTimeout, Duration responseTimeout) {

    public CacheConfig {
        if (quotaBytes < 1) throw new IllegalArgumentException("cache quota " + quotaBytes + " bytes must be positive");
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive but was " + connectTimeout);
        }
        if (responseTimeout == null || responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout must be positive but was " + responseTimeout);
        }
    }

    public static CacheConfig defaults() {
        return new CacheConfig(512L * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** Reads the section (absent keys take the defaults above); problems go to {@code section.problems()}. */
    public static CacheConfig from(JsonNode section) {
        long quota = section.integer("quotaMiB", 512, 1, 1024L * 1024) * 1024 * 1024;
        int connect = section.intValue("connectTimeoutSeconds", 10, 1, 600);
        int response = section.intValue("responseTimeoutSeconds", 30, 1, 3600);
        section.rejectUnknownKeys();
        return new CacheConfig(quota, Duration.ofSeconds(connect), Duration.ofSeconds(response));
    }

    public CacheConfig withQuotaBytes(long bytes) {
        return new CacheConfig(bytes, connectTimeout, responseTimeout);
    }
}
