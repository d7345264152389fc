package vn.loa.hal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.loa.hal.Amplifier.State;
import vn.loa.hal.time.ManualScheduler;

class ZoneGroupTest {

    private static final AmplifierSettings SETTINGS = AmplifierSettings.builder()
            .warmUp(Duration.ofSeconds(2)).hold(Duration.ofSeconds(30)).minOff(Duration.ofSeconds(10))
            .emergencyMinOff(Duration.ofSeconds(1)).faultBackoff(Duration.ofSeconds(30))
            .faultBackoffMax(Duration.ofMinutes(5)).faultRetriesPerHour(3).build();

    private final ManualScheduler loop = new ManualScheduler();
    private final SequencedAmplifierTest.FakeRelay mainRelay = new SequencedAmplifierTest.FakeRelay();
    private final SequencedAmplifierTest.FakeRelay marketRelay = new SequencedAmplifierTest.FakeRelay();
    private final DebouncedInput mainFault = new DebouncedInput("amp.main.fault", Duration.ofMillis(100), false, loop);
    private final DebouncedInput marketFault = new DebouncedInput("amp.market.fault", Duration.ofMillis(100), false, loop);
    private final SequencedAmplifier main = new SequencedAmplifier("main", mainRelay, Optional.of(mainFault), SETTINGS, loop);
    private final SequencedAmplifier market = new SequencedAmplifier("market", marketRelay, Optional.of(marketFault), SETTINGS, loop);
    private final Amplifier group = ZoneGroup.of(List.of(main, market));
    private final List<String> transitions = new ArrayList<>();

    {
        group.addListener((a, from, to, reason) -> transitions.add(from + "->" + to));
    }

    private void trip(DebouncedInput fault) {
        fault.rawChanged(true);
        loop.advance(Duration.ofMillis(100));
    }

    @Test
    void demand_closes_every_zone_relay_and_the_group_is_on_when_all_have_warmed_up() {
        group.demand(false);
        assertThat(mainRelay.on).isTrue();
        assertThat(marketRelay.on).isTrue();
        assertThat(group.state()).isEqualTo(State.WARMING);
        loop.advance(SETTINGS.warmUp());
        assertThat(group.state()).isEqualTo(State.ON);
        assertThat(group.zone()).isEqualTo("main+market");
        assertThat(transitions).containsExactly("OFF->WARMING", "WARMING->ON");
    }

    @Test
    void one_faulted_zone_does_not_silence_the_others_and_is_named_in_the_reason() {
        group.demand(false);
        loop.advance(SETTINGS.warmUp());
        trip(marketFault);
        assertThat(market.state()).isEqualTo(State.FAULT);
        assertThat(group.state()).isEqualTo(State.ON);
        assertThat(mainRelay.on).isTrue();
        assertThat(group.reason()).contains("zone market FAULT");
        assertThat(((ZoneGroup) group).faulted()).containsExactly(market);
        assertThat(transitions).containsExactly("OFF->WARMING", "WARMING->ON");
    }

    @Test
    void the_group_faults_only_when_every_zone_has_faulted() {
        group.demand(false);
        loop.advance(SETTINGS.warmUp());
        trip(marketFault);
        trip(mainFault);
        assertThat(group.state()).isEqualTo(State.FAULT);
        assertThat(transitions).endsWith("ON->FAULT");
        assertThat(mainRelay.on).isFalse();
        assertThat(marketRelay.on).isFalse();
    }

    @Test
    void release_holds_every_zone_then_all_go_off_after_the_hold() {
        group.demand(false);
        loop.advance(SETTINGS.warmUp());
        group.release();
        assertThat(group.state()).isEqualTo(State.HOLD);
        loop.advance(SETTINGS.hold());
        assertThat(group.state()).isEqualTo(State.OFF);
        assertThat(mainRelay.on).isFalse();
        assertThat(marketRelay.on).isFalse();
    }

    @Test
    void zones_released_one_after_the_other_go_on_to_hold_without_a_false_warming() {
        group.demand(false);
        loop.advance(SETTINGS.warmUp());
        transitions.clear();
        main.release();
        assertThat(group.state()).isEqualTo(State.HOLD);
        market.release();
        assertThat(group.state()).isEqualTo(State.HOLD);
        assertThat(transitions).containsExactly("ON->HOLD");
    }

    @Test
    void force_off_releases_every_relay_at_once() {
        group.demand(true);
        loop.advance(SETTINGS.warmUp());
        group.forceOff("shutdown");
        assertThat(group.state()).isEqualTo(State.OFF);
        assertThat(mainRelay.on).isFalse();
        assertThat(marketRelay.on).isFalse();
    }

    @Test
    void a_single_zone_is_its_own_group_and_no_zone_is_refused() {
        assertThat(ZoneGroup.of(List.of(main))).isSameAs(main);
        assertThatThrownBy(() -> ZoneGroup.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one amplifier zone");
    }
}
