package vn.loa.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.Command;
import vn.loa.agent.cli.CommandLine;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.ManualScheduler;

class LogCommandTest {

    @TempDir Path data;
    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-06T01:00:00Z"), Clock.VIETNAM);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<Command> cmds = List.of(new LogCommand(time, data.resolve("etc/loa.json")));
        return new CommandLine("./loa", cmds).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void fill() throws Exception {
        PlayLog log = PlayLog.open(RealDisk.INSTANCE, data.resolve("playlog"), StoreConfig.defaults());
        Instant six = Instant.parse("2026-01-04T23:00:00Z");
        log.append(new PlayEvent("morning@2026-01-05T06:00", Level.NORMAL, "schedule:srv1", six, six.plusSeconds(2),
                six.plusSeconds(300), new ItemResult.Completed(), "cache:" + "a".repeat(64), 3, "ON", 70));
        Instant later = Instant.parse("2026-01-05T20:15:00Z");
        log.append(PlayEvent.notAired("misset@2026-01-06T03:15", Level.NORMAL, "schedule:srv9", later, later,
                new ItemResult.Refused("quiet hours 22:00-05:00")));
        log.acknowledge(1);
    }

    @Test
    void prints_one_line_per_record_with_delivery_state_and_a_summary() throws Exception {
        fill();
        assertThat(run("log", "--data", data.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "#1 acked   normal    morning@2026-01-05T06:00  completed  scheduled 2026-01-05 06:00:00  start 2026-01-05 06:00:02 (+2 s)"
                        + "  end 06:05:00  underruns 3  amp ON  volume 70  source cache:" + "a".repeat(64),
                "#2 pending normal    misset@2026-01-06T03:15  refused: quiet hours 22:00-05:00  scheduled 2026-01-06 03:15:00"
                        + "  at 2026-01-06 03:15:00",
                "2 record(s) shown of 2; 1 not yet acknowledged by the headend (acknowledged up to #1)");
    }

    @Test
    void since_and_json_select_and_format() throws Exception {
        fill();
        assertThat(run("log", "--data", data.toString(), "--since", "6h", "--json")).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"seq\":2,\"item\":\"misset@2026-01-06T03:15\"");
        assertThat(PlayLog.decode(lines.get(0), "out").seq()).isEqualTo(2);
        out.reset();
        assertThat(run("log", "--data", data.toString(), "--since", "2026-01-06")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 record(s) shown of 2");
    }

    @Test
    void bad_since_and_missing_log_say_what_is_wrong() {
        assertThat(run("log", "--data", data.toString(), "--since", "yesterday")).isEqualTo(Command.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--since 'yesterday' is not an age (90m, 6h, 3d), a date "
                + "(2026-01-05), a local date-time (2026-01-05T06:00) or an instant (2026-01-04T23:00:00Z)");
        err.reset();
        assertThat(run("log", "--data", data.resolve("nope").toString())).isEqualTo(Command.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no play log at " + data.resolve("nope/playlog"));
    }

    @Test
    void audit_shows_who_did_what_and_when() throws Exception {
        AuditLog audit = AuditLog.open(RealDisk.INSTANCE, data.resolve("audit"), time, StoreConfig.defaults());
        audit.record("srv9", "schedule.add", "version 1: misset (normal, once at 2026-01-06T03:15)");
        assertThat(run("log", "--audit", "--data", data.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "2026-01-06 08:00:00  srv9  schedule.add  version 1: misset (normal, once at 2026-01-06T03:15)",
                "1 audit entry shown of 1");
    }

    private Path writeConfig(Path file, String zone) throws Exception {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, """
                {"board": {"profile": "simulated"}, "store": {"dataDir": "%s"}, "schedule": {"zone": "%s"}}
                """.formatted(data.toString().replace("\\", "\\\\"), zone));
        return file;
    }

    @Test
    void the_default_config_when_present_gives_the_data_folder_and_the_zone() throws Exception {
        fill();
        writeConfig(data.resolve("etc/loa.json"), "Europe/Berlin");
        assertThat(run("log")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList().get(0)).startsWith(
                "#1 acked   normal    morning@2026-01-05T06:00  completed  scheduled 2026-01-05 00:00:00  start 2026-01-05 00:00:02");
        out.reset();
        assertThat(run("log", "--since", "2026-01-05T21:00")).as("--since in the config's zone").isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 record(s) shown of 2");
    }

    @Test
    void an_explicit_config_is_used_and_a_broken_one_says_what_to_do() throws Exception {
        AuditLog audit = AuditLog.open(RealDisk.INSTANCE, data.resolve("audit"), time, StoreConfig.defaults());
        audit.record("srv9", "schedule.add", "x");
        Path cfg = writeConfig(data.resolve("other/loa.json"), "UTC");
        assertThat(run("log", "--audit", "--config", cfg.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("2026-01-06 01:00:00  srv9  schedule.add  x");
        java.nio.file.Files.writeString(cfg, "{\"schedule\": {\"zone\": \"Mars/Olympus\"}}");
        assertThat(run("log", "--config", cfg.toString())).isEqualTo(Command.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("loa log: config " + cfg + " unusable: ", "Mars/Olympus",
                "give the data folder with --data DIR");
        assertThat(run("log", "--config", data.resolve("absent.json").toString())).isEqualTo(Command.FAILED);
    }

    @Test
    void the_receiver_lists_the_log_command() {
        assertThat(AgentCommands.all()).extracting(Command::name).contains("log");
    }
}
