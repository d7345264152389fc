package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShaperTest {

    private static final long MS = 1_000_000L;

    private static List<Verdict> run(long seed, boolean ordered, Impairment imp, int packets) {
        Shaper s = new Shaper(seed, ordered, 1000 * MS, 200 * MS);
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < packets; i++) out.add(s.decide(imp, i * MS, 100));
        return out;
    }

    @Test
    void the_same_seed_gives_the_same_losses_and_jitter() {
        Impairment imp = Impairment.NONE.withLoss(0.3).withDelay(Duration.ofMillis(50)).withJitter(Duration.ofMillis(20));
        assertThat(run(42, false, imp, 500)).isEqualTo(run(42, false, imp, 500));
        assertThat(run(42, false, imp, 500)).isNotEqualTo(run(43, false, imp, 500));
    }

    @Test
    void loss_rate_follows_the_setting() {
        long dropped = run(7, false, Impairment.NONE.withLoss(0.25), 10_000).stream()
                .filter(v -> v instanceof Verdict.Drop d && d.reason() == Verdict.Reason.LOSS).count();
        assertThat(dropped).isBetween(2_200L, 2_800L);
    }

    @Test
    void a_bandwidth_cap_spaces_deliveries_by_their_transmission_time() {
        Shaper s = new Shaper(1, false, 10_000 * MS, 0);
        Impairment imp = Impairment.NONE.withBandwidth(1000);
        assertThat(s.decide(imp, 0, 100)).isEqualTo(new Verdict.Deliver(100 * MS, false));
        assertThat(s.decide(imp, 0, 100)).isEqualTo(new Verdict.Deliver(200 * MS, false));
        assertThat(s.decide(imp, 500 * MS, 50)).isEqualTo(new Verdict.Deliver(550 * MS, false));
    }

    @Test
    void udp_datagrams_that_would_queue_past_the_limit_are_dropped() {
        Shaper s = new Shaper(1, false, 150 * MS, 0);
        Impairment imp = Impairment.NONE.withBandwidth(1000);
        assertThat(s.decide(imp, 0, 100)).isInstanceOf(Verdict.Deliver.class);   // leaves at 100 ms
        assertThat(s.decide(imp, 0, 100)).isInstanceOf(Verdict.Deliver.class);   // waits 100 ms
        assertThat(s.decide(imp, 0, 100)).isEqualTo(new Verdict.Drop(Verdict.Reason.QUEUE_FULL)); // would wait 200 ms
    }

    @Test
    void tcp_chunks_are_never_reordered_by_jitter() {
        Impairment imp = Impairment.NONE.withDelay(Duration.ofMillis(30)).withJitter(Duration.ofMillis(30));
        long last = Long.MIN_VALUE;
        for (Verdict v : run(3, true, imp, 1000)) {
            long at = ((Verdict.Deliver) v).atNanos();
            assertThat(at).isGreaterThan(last);
            last = at;
        }
    }

    @Test
    void tcp_loss_delivers_late_instead_of_dropping() {
        List<Verdict> vs = run(5, true, Impairment.NONE.withLoss(0.5), 200);
        assertThat(vs).allMatch(v -> v instanceof Verdict.Deliver);
        List<Verdict> late = vs.stream().filter(v -> ((Verdict.Deliver) v).retransmitted()).toList();
        assertThat(late).hasSizeBetween(70, 130);
        Verdict.Deliver firstLate = (Verdict.Deliver) late.get(0);
        assertThat(firstLate.atNanos() - vs.indexOf(firstLate) * MS).isGreaterThanOrEqualTo(200 * MS);
    }

    @Test
    void a_blackhole_drops_everything() {
        assertThat(run(1, false, Impairment.NONE.withBlackhole(true), 10))
                .containsOnly(new Verdict.Drop(Verdict.Reason.BLACKHOLE));
        assertThat(run(1, true, Impairment.NONE.withBlackhole(true), 10))
                .containsOnly(new Verdict.Drop(Verdict.Reason.BLACKHOLE));
    }

    @Test
    void jitter_never_delivers_before_arrival() {
        Impairment imp = Impairment.NONE.withJitter(Duration.ofMillis(100));
        List<Verdict> vs = run(9, false, imp, 300);
        for (int i = 0; i < vs.size(); i++) {
            assertThat(((Verdict.Deliver) vs.get(i)).atNanos()).isGreaterThanOrEqualTo(i * MS);
        }
    }
}
