package vn.loa.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.hal.time.Clock;

class HttpsStreamTest {

    @TempDir Path dir;

    /** A self-signed EC certificate for 127.0.0.1, made with the JDK's keytool. */
    KeyStore keyStore() throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "loa", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "test-only", "-keypass", "test-only")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            k.load(in, "test-only".toCharArray());
        }
        return k;
    }

    @Test void https_stream_is_read_when_the_server_certificate_is_trusted_and_refused_clearly_when_not() throws Exception {
        KeyStore ks = keyStore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test-only".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        byte[] body = HttpStreamSourceTest.audio(20_000);
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!ss.isClosed()) {
                    try {
                        Socket s = ss.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                s.getInputStream().read(new byte[4096]);
                                s.getOutputStream().write(("ICY 200 OK\r\ncontent-type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                                s.getOutputStream().write(body);
                            } catch (Exception ignored) {
                                // client went away or refused the certificate
                            }
                        });
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            String url = "https://127.0.0.1:" + ss.getLocalPort() + "/secure";
            HttpStreamSource trusted = new HttpStreamSource(List.of(URI.create(url)), HttpStreamSourceTest.FAST, new Random(1),
                    Clock.system(Clock.VIETNAM), client.getSocketFactory());
            CollectingSink sink = new CollectingSink(body.length);
            trusted.fetch(sink);
            assertThat(sink.bytes.toByteArray()).isEqualTo(body);

            HttpStreamSource untrusted = new HttpStreamSource(List.of(URI.create(url)), HttpStreamSourceTest.FAST,
                    new Random(1), Clock.system(Clock.VIETNAM));
            AtomicReference<Object> done = new AtomicReference<>();
            Thread.ofVirtual().start(() -> {
                try {
                    untrusted.fetch(new CollectingSink(10));
                    done.set("returned");
                } catch (Exception e) {
                    done.set(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> untrusted.stats().lastError().contains("TLS"));
            assertThat(untrusted.stats().lastError()).startsWith(url + ": TLS handshake failed: ").contains("PKIX path building failed");
            untrusted.abort();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() != null);
        }
    }
}
