package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.lwm2m.StationSensors;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.ManualScheduler;

class BoardSensorsTest {

    @TempDir Path data;

    @Test
    void mains_and_tamper_follow_the_board_and_each_change_is_heard() throws Exception {
        ManualScheduler loop = new ManualScheduler();
        try (SimulatedBoard board = Boards.simulated(BoardProfile.load("simulated"), loop)) {
            AtomicBoolean trusted = new AtomicBoolean(true);
            BoardSensors sensors = new BoardSensors(board, loop, data, trusted::get);
            AtomicInteger heard = new AtomicInteger();
            sensors.addChangeListener(heard::incrementAndGet);
            StationSensors.Reading r = sensors.read();
            assertThat(r.mainsPresent()).isTrue();
            assertThat(r.tamper()).isFalse();
            assertThat(r.clockTrusted()).isTrue();
            assertThat(r.diskFreeBytes()).isPositive();
            assertThat(r.batteryPercent()).isEmpty();

            board.setInput("mainsPresent", false);
            board.setInput("doorOpen", true);
            loop.advance(Duration.ofSeconds(1));
            loop.advance(Duration.ofSeconds(1));
            trusted.set(false);
            r = sensors.read();
            assertThat(r.mainsPresent()).isFalse();
            assertThat(r.tamper()).isTrue();
            assertThat(r.clockTrusted()).isFalse();
            assertThat(r.uptime()).isEqualTo(Duration.ofSeconds(2));
            assertThat(heard.get()).isEqualTo(2);
        }
    }

    @Test
    void an_open_speaker_line_is_reported_by_zone_and_heard() throws Exception {
        ManualScheduler loop = new ManualScheduler();
        try (SimulatedBoard board = Boards.simulated(BoardProfile.load("simulated"), loop)) {
            BoardSensors sensors = new BoardSensors(board, loop, data, () -> true);
            AtomicInteger heard = new AtomicInteger();
            sensors.addChangeListener(heard::incrementAndGet);
            assertThat(sensors.read().speakerLinesOpen()).contains("");
            board.setInput("amp.market.lineOpen", true);
            loop.advance(Duration.ofSeconds(1));
            assertThat(sensors.read().speakerLinesOpen()).contains("market");
            assertThat(heard.get()).isEqualTo(1);
        }
    }

    @Test
    void a_board_without_speaker_line_supervision_reports_none() throws Exception {
        ManualScheduler loop = new ManualScheduler();
        try (SimulatedBoard board = Boards.simulated(BoardProfile.load("raspberry-pi-4"), loop)) {
            assertThat(new BoardSensors(board, loop, data, () -> true).read().speakerLinesOpen()).isEmpty();
        }
    }

    @Test
    void free_space_of_a_folder_not_made_yet_is_that_of_its_parent() {
        // other processes write to the same file system between the two reads: equal within 256 MiB
        long parent = BoardSensors.usableSpace(data);
        assertThat(parent).isPositive();
        assertThat(BoardSensors.usableSpace(data.resolve("not/yet"))).isCloseTo(parent, org.assertj.core.data.Offset.offset(256L << 20));
    }
}
