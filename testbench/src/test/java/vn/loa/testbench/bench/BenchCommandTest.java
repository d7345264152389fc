package vn.loa.testbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import vn.loa.agent.cli.CommandLine;
import vn.loa.testbench.LoaMain;

class BenchCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new CommandLine("./loa", LoaMain.commands()).run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test void bench_of_an_unknown_benchmark_is_a_usage_error_quoting_what_it_got() {
        assertThat(run("bench", "encode")).isEqualTo(2);
        assertThat(err.toString()).contains("./loa bench: no benchmark 'encode'; one of decode, lwm2m");
    }

    @Test void bench_decode_prints_both_decoders_and_the_ratio() {
        Assumptions.assumeTrue(DecodeBench.onPath("ffmpeg"), "SKIPPED: ffmpeg not found; install the Debian package 'ffmpeg'");
        int rc = run("bench", "decode", "--seconds", "3", "--passes", "2", "--play-seconds", "0");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("(mpg123 -t|ffmpeg -f null) +\\d+\\.\\d{3} +1\\.0")
                .containsPattern("Loa \\(JLayer\\), first pass +\\d+\\.\\d{3} +\\d+\\.\\d")
                .containsPattern("Loa \\(JLayer\\), warm \\(best of 1\\) +\\d+\\.\\d{3}")
                .contains("after decoding: heap used ");
    }
}
