package vn.loa.testbench.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;

/** {@code ./loa bench decode}: measures Loa's MP3 decoding against mpg123 in the same run. */
final class DecodeBenchCommand implements Command {

    @Override public String name() {
        return "decode";
    }

    @Override public String summary() {
        return "MP3 decoding CPU vs mpg123, heap and RSS while playing";
    }

    @Override public String help() {
        return """
                Usage: ./loa bench decode [--seconds N] [--passes N] [--play-seconds N]

                Generates an N-second 128 kb/s stereo MP3 with ffmpeg, decodes it with Loa's decoder (JLayer,
                resampled to 48 kHz) and with 'mpg123 -t' (or 'ffmpeg -f null' when mpg123 is missing), and
                prints the CPU time of each and the ratio; then plays it through the engine into a WAV capture
                and prints heap and RSS while playing. Not a test: numbers, no verdict.

                Options:
                  --seconds N       length of the generated MP3 (default 60)
                  --passes N        Loa decode passes; the first is cold, the best of the rest is 'warm' (default 4)
                  --play-seconds N  seconds to play through the engine for the memory figures (default 5; 0 skips)

                Exit codes: 0 measured, 1 a tool is missing or failed, 2 usage error.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("seconds", "passes", "play-seconds"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new Args.UsageException("unexpected '" + String.join(" ", a.positional()) + "'");
        }
        int seconds = a.intValue("seconds", 60, 1, 3600);
        int passes = a.intValue("passes", 4, 1, 50);
        int play = a.intValue("play-seconds", 5, 0, 600);
        return new DecodeBench(out).run(seconds, passes, play);
    }
}
