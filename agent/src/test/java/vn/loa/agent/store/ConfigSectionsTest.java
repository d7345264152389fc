package vn.loa.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import vn.loa.agent.schedule.PowerConfig;
import vn.loa.agent.schedule.ScheduleConfig;
import vn.loa.hal.json.JsonNode;

class ConfigSectionsTest {

    @Test
    void absent_sections_take_the_documented_defaults() throws Exception {
        JsonNode root = JsonNode.parse("{}", "loa.json");
        assertThat(StoreConfig.from(root.object("store"))).isEqualTo(StoreConfig.defaults());
        assertThat(CacheConfig.from(root.object("cache"))).isEqualTo(CacheConfig.defaults());
        assertThat(ScheduleConfig.from(root.object("schedule"))).isEqualTo(ScheduleConfig.defaults());
        assertThat(PowerConfig.from(root.object("power"))).isEqualTo(PowerConfig.defaults());
        assertThat(root.problems().all()).isEmpty();
        assertThat(ScheduleConfig.defaults().zone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    @Test
    void sections_are_read_with_their_units() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"store": {"dataDir": "/tmp/loa", "playLogSegmentKiB": 64},
                 "cache": {"quotaMiB": 100},
                 "schedule": {"zone": "Asia/Bangkok", "lateStartMinutes": 5},
                 "power": {"skipNormalOnBattery": true}}""", "loa.json");
        StoreConfig st = StoreConfig.from(root.object("store"));
        assertThat(st.dataDir()).isEqualTo(Path.of("/tmp/loa"));
        assertThat(st.playLogSegmentBytes()).isEqualTo(64 * 1024);
        assertThat(st.playLogDir()).isEqualTo(Path.of("/tmp/loa/playlog"));
        assertThat(CacheConfig.from(root.object("cache")).quotaBytes()).isEqualTo(100L * 1024 * 1024);
        ScheduleConfig sc = ScheduleConfig.from(root.object("schedule"));
        assertThat(sc.zone()).isEqualTo(ZoneId.of("Asia/Bangkok"));
        assertThat(sc.lateStart()).isEqualTo(Duration.ofMinutes(5));
        assertThat(PowerConfig.from(root.object("power")).skipNormalOnBattery()).isTrue();
    }

    @Test
    void bad_values_are_named_with_their_path_and_quoted() throws Exception {
        JsonNode root = JsonNode.parse("""
                {"store": {"dataDir": "", "playLogSegmentKiB": 0},
                 "cache": {"quotaMB": 5},
                 "schedule": {"zone": "Mars/Olympus"},
                 "power": {"skipNormalOnBattery": "yes"}}""", "loa.json");
        StoreConfig.from(root.object("store"));
        CacheConfig.from(root.object("cache"));
        ScheduleConfig.from(root.object("schedule"));
        PowerConfig.from(root.object("power"));
        assertThat(root.problems().all()).containsExactly(
                "loa.json: store.dataDir '' must not be empty",
                "loa.json: store.playLogSegmentKiB 0 is outside 1..65536",
                "loa.json: cache.quotaMB is not a known key (did you mean 'quotaMiB'?)",
                "loa.json: schedule.zone 'Mars/Olympus' is not a time zone (e.g. Asia/Ho_Chi_Minh)",
                "loa.json: power.skipNormalOnBattery must be true or false but was the string \"yes\"");
    }
}
