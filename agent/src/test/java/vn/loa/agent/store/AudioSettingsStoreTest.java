package vn.loa.agent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.loa.agent.store.AudioSettingsStore.Loaded;
import vn.loa.agent.store.AudioSettingsStore.Settings;

class AudioSettingsStoreTest {

    static final Path FILE = Path.of("/data/audio.json");
    static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");

    final SimulatedDisk disk = new SimulatedDisk();
    final AudioSettingsStore store = new AudioSettingsStore(disk, FILE);

    static Settings settings(int volume, boolean muted) {
        return new Settings(volume, muted, 75, 80, 60, "server 123", AT);
    }

    @Test void nothing_saved_is_none() {
        assertThat(store.load(80, 60)).isInstanceOf(Loaded.None.class);
    }

    @Test void saved_settings_come_back_while_loa_json_says_what_it_said_then() throws IOException {
        store.save(settings(40, true));
        assertThat(store.load(80, 60)).isEqualTo(new Loaded.Apply(settings(40, true)));
    }

    @Test void a_changed_loa_json_volume_or_emergency_minimum_sets_them_aside() throws IOException {
        store.save(settings(40, true));
        assertThat(store.load(90, 60)).isEqualTo(new Loaded.Superseded(settings(40, true)));
        assertThat(store.load(80, 65)).isEqualTo(new Loaded.Superseded(settings(40, true)));
    }

    @Test void a_broken_file_is_unusable_with_the_file_and_the_reason() throws IOException {
        disk.createDirectories(FILE.getParent());
        disk.write(FILE, "{\"version\": 1, \"volume\": 140".getBytes(UTF_8));
        assertThat(store.load(80, 60)).isInstanceOfSatisfying(Loaded.Unusable.class, u -> assertThat(u.reason())
                .startsWith("/data/audio.json").contains("is not valid JSON"));
    }

    @Test void every_bad_value_is_named_by_its_path() throws IOException {
        disk.createDirectories(FILE.getParent());
        disk.write(FILE, """
                {"version": 2, "volume": 140, "muted": "yes", "over": {"volume": 80, "emergencyMinVolume": -1},
                 "setAt": "yesterday", "colour": "red"}""".getBytes(UTF_8));
        Loaded l = store.load(80, 60);
        assertThat(l).isInstanceOf(Loaded.Unusable.class);
        assertThat(((Loaded.Unusable) l).reason()).contains(
                "/data/audio.json: version 2 is outside 1..1", "volume 140 is outside 0..100",
                "muted must be true or false", "emergencyMinVolume is required",
                "over.emergencyMinVolume -1 is outside 0..100", "setAt 'yesterday' is not an instant",
                "colour is not a known key");
    }

    @Test void the_file_is_the_documented_json() throws IOException {
        store.save(settings(40, false));
        assertThat(new String(disk.read(FILE), UTF_8)).isEqualTo("{\"version\":1,\"volume\":40,\"muted\":false,"
                + "\"emergencyMinVolume\":75,\"over\":{\"volume\":80,\"emergencyMinVolume\":60},"
                + "\"setBy\":\"server 123\",\"setAt\":\"2026-11-23T08:00:00Z\"}\n");
    }

    @Test void a_power_cut_at_every_step_of_a_save_leaves_the_old_or_the_new_settings() throws IOException {
        for (boolean torn : new boolean[] {false, true}) {
            for (int cut = 0; cut < 4; cut++) {
                SimulatedDisk d = new SimulatedDisk();
                AudioSettingsStore s = new AudioSettingsStore(d, FILE);
                s.save(settings(40, false));
                d.cutPowerAt(cut);
                assertThatThrownBy(() -> s.save(settings(10, true))).isInstanceOf(IOException.class);
                d.reboot(torn);
                assertThat(new AudioSettingsStore(d, FILE).load(80, 60)).as("cut at %d, torn %s", cut, torn)
                        .isIn(new Loaded.Apply(settings(40, false)), new Loaded.Apply(settings(10, true)));
            }
        }
    }

    @Test void a_left_over_temp_file_that_cannot_be_removed_does_not_hide_the_settings() throws IOException {
        store.save(settings(40, false));
        disk.write(AtomicStateWriter.temp(FILE), "half a".getBytes(UTF_8));
        disk.failOnceAt(0); // the delete of the temp file
        assertThat(store.load(80, 60)).isEqualTo(new Loaded.Apply(settings(40, false)));
    }

    @Test void an_out_of_service_hold_is_kept_and_comes_back_even_when_loa_json_changed() throws IOException {
        var held = new vn.loa.agent.schedule.ServiceHold.Held("server 9", AT);
        Settings s = new Settings(40, false, 75, 80, 60, "server 9", AT, java.util.Optional.of(held));
        store.save(s);
        assertThat(new String(disk.read(FILE), UTF_8)).contains("\"outOfService\":{\"by\":\"server 9\",\"since\":\"2026-11-23T08:00:00Z\"}");
        assertThat(store.load(80, 60)).isEqualTo(new Loaded.Apply(s));
        assertThat(store.load(90, 60)).isEqualTo(new Loaded.Superseded(s));
    }

    @Test void settings_outside_the_ranges_are_refused_before_anything_is_written() {
        assertThatThrownBy(() -> new Settings(101, false, 70, 80, 60, "x", AT))
                .hasMessage("volume 101 outside 0..100");
    }
}
