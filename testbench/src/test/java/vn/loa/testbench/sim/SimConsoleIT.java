package vn.loa.testbench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console of a one-receiver station, typed into line by line as a technician would. */
class SimConsoleIT {

    @TempDir Path dir;

    @Test
    void console_flips_inputs_lists_receivers_and_refuses_bad_words_with_the_reason() throws Exception {
        Keyboard keyboard = new Keyboard();
        Keyboard stdin = keyboard;
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> {
            try {
                return new SimCommand(stdin).run(List.of("--data", dir.toString(), "--receivers", "1", "--port", "0", "--tones"),
                        out, System.err);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("started").atMost(Duration.ofSeconds(60)).until(() -> text(screen).contains("Type 'help'"));
        type(keyboard, "mains pull rx-1", "door open rx-1", "amp fault rx-1", "net loss 10 rx-1", "mains sideways rx-1",
                "volume 140", "fire loud", "door open rx-9", "log rx-1", "status rx-1", "bogus");
        await("inputs flipped, after the board's debounce").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    type(keyboard, "list");
                    return text(screen).contains("NO-MAINS,DOOR-OPEN,AMP-FAULT");
                });
        type(keyboard, "net jitter 5 rx-1", "net bandwidth 1000000 rx-1", "net blackhole on rx-1", "net rebind rx-1",
                "net reset rx-1", "status rx-1", "net blackhole off rx-1", "quit");
        assertThat(rc.get(30, TimeUnit.SECONDS)).isZero();
        String text = text(screen);
        assertThat(text).contains("Dashboard: http://127.0.0.1:")
                .containsPattern("1 receiver registered \\(\\d+\\.\\d s\\)")
                .contains("RECEIVER  REGISTRATION")
                .contains("ok: pull mains of rx-1")
                .contains("ok: open door of rx-1")
                .contains("ok: trip amplifier fault of rx-1")
                .contains("ok: set 10 % loss on the network of rx-1")
                .contains("console: 'sideways' is not pull or restore; usage: mains pull|restore RX")
                .contains("console: volume 140 outside 0..100")
                .contains("console: 'loud' is not a level (background, normal, priority, emergency)")
                .contains("refused: no receiver 'rx-9' (receivers: rx-1)")
                .contains("rx-1: nothing played in the last 24 h")
                .contains("rx-1 (loa-sim-rx-1): registered")
                .contains("network up (loss=10.0%)")
                .contains("console: unknown command 'bogus'")
                .contains("ok: set 5 ms jitter on the network of rx-1")
                .contains("ok: cap the network of rx-1 at 1000000 B/s")
                .contains("ok: blackhole the network of rx-1")
                .contains("ok: rebind the NAT (new source port) of rx-1")
                .contains("ok: reset the connections of rx-1")
                .contains("network up (blackhole jitter=5ms loss=10.0% bw=1000000B/s)")
                .containsPattern("blackholed, 1 NAT rebinds; tcp \\d+ delivered, \\d+ blackholed, \\d+ connections reset")
                .contains("ok: end the blackhole on the network of rx-1")
                .contains("stopped: amplifiers off");
        assertThat(dir.resolve("content/emergency.wav")).exists();
        assertThat(dir.resolve("rx-1/capture.wav")).exists();
    }

    private static void type(Keyboard keyboard, String... lines) {
        for (String l : lines) keyboard.type(l + "\n");
    }

    /** Standard input that lines are typed into from any thread; a read blocks until something is typed. */
    static final class Keyboard extends InputStream {
        private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

        void type(String text) {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        }

        @Override public int read() throws IOException {
            try {
                return bytes.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("console closed");
            }
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            b[off] = (byte) read();
            int n = 1;
            Integer next;
            while (n < len && (next = bytes.poll()) != null) b[off + n++] = next.byteValue();
            return n;
        }
    }

    private static String text(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8);
    }
}
