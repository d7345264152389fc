package vn.loa.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.audio.Tones;
import vn.loa.hal.time.Clock;

class StreamCheckTest {

    @TempDir Path dir;

    @Test void an_aac_stream_passes_through_ffmpeg_as_the_receiver_would_play_it() throws Exception {
        Path w = Tones.wav(dir.resolve("t.wav"), 44_100, 2, 1000, 0.5, 2);
        byte[] aac = Files.readAllBytes(Tones.ffmpeg(w, dir.resolve("t.adts"), "-c:a", "aac", "-f", "adts"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live", ex -> {
            ex.getResponseHeaders().set("Content-Type", "audio/aacp");
            ex.sendResponseHeaders(200, aac.length);
            try (var out = ex.getResponseBody()) {
                out.write(aac);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live");
            CheckResult r = new StreamCheck(url, Duration.ofSeconds(3), Clock.system(Clock.VIETNAM)).run();
            assertThat(r.status()).as(r.toString()).isEqualTo(Status.PASS);
        } finally {
            server.stop(0);
        }
    }
}
