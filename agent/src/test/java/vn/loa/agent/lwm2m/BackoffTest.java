package vn.loa.agent.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import vn.loa.hal.time.ManualScheduler;

class BackoffTest {


    @Test
    void retries_double_from_the_minimum_and_stop_growing_at_the_maximum() {
        Lwm2mConfig cfg = Lwm2mConfig.builder("loa-1", URI.create("coaps://127.0.0.1:5684")).build();
        StationLwm2mClient c = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk("id", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
                .scheduler(new ManualScheduler()).random(new RandomGenerator() {
                    @Override public long nextLong() { return 0; }
                    @Override public double nextDouble() { return 0.5; }
                }).build();
        try {
            assertThat(c.backoff(1)).isEqualTo(Duration.ofSeconds(5));
            assertThat(c.backoff(2)).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.backoff(5)).isEqualTo(Duration.ofSeconds(80));
            assertThat(c.backoff(8)).isEqualTo(Duration.ofSeconds(600));
            assertThat(c.backoff(40)).isEqualTo(Duration.ofSeconds(600));
        } finally {
            c.stop();
        }
    }
}
