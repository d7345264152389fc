package vn.loa.agent.audio;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Icecast 2 on 127.0.0.1 with a generated config in a temp folder, and ffmpeg sources feeding it
 * sine tones. Icecast refuses to run as root, so the config drops to nobody/nogroup and the folder is
 * world-writable. Every process is ended by its own handle.
 */
final class IcecastServer implements AutoCloseable {

    static final String SOURCE_PASSWORD = "loa-test-source";

    final Path dir;
    final int port;
    private final Process icecast;
    private final List<Process> sources = new ArrayList<>();

    /** Icecast drops to nobody when started as root, so its folder is a world-accessible one under /tmp. */
    IcecastServer() throws IOException {
        Tones.assumeTool("icecast2", "icecast2");
        Tones.assumeTool("ffmpeg", "ffmpeg");
        this.dir = Files.createTempDirectory("loa-icecast-it");
        Path log = Files.createDirectories(dir.resolve("log"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String xml = """
                <icecast>
                  <limits><clients>20</clients><sources>4</sources><queue-size>524288</queue-size>
                    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>3</source-timeout>
                    <burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size></limits>
                  <authentication><source-password>%s</source-password><admin-user>admin</admin-user>
                    <admin-password>loa-test-admin</admin-password></authentication>
                  <hostname>127.0.0.1</hostname>
                  <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                  <fileserve>0</fileserve>
                  <paths><basedir>%s</basedir><logdir>%s</logdir><webroot>/usr/share/icecast2/web</webroot>
                    <adminroot>/usr/share/icecast2/admin</adminroot></paths>
                  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
                  <security><chroot>0</chroot>%s</security>
                </icecast>
                """.formatted(SOURCE_PASSWORD, port, dir, log,
                "root".equals(System.getProperty("user.name"))
                        ? "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" : "");
        Path conf = dir.resolve("icecast.xml");
        Files.writeString(conf, xml);
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        icecast = new ProcessBuilder("icecast2", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("icecast.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!icecast.isAlive()) throw new IllegalStateException("icecast2 exited: " + Files.readString(dir.resolve("icecast.out")));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return icecast.isAlive();
            } catch (IOException e) {
                return false;
            }
        });
    }

    String url(String mount) {
        return "http://127.0.0.1:" + port + mount;
    }

    /** Starts ffmpeg feeding a sine of {@code hz} in real time to {@code mount} as MP3 or Opus. */
    Process feed(String mount, int hz, boolean opus) throws IOException {
        return opus ? feed(mount, hz, 48000, "-c:a", "libopus", "-b:a", "64k", "-content_type", "audio/ogg", "-f", "ogg")
                : feed(mount, hz, 44100, "-c:a", "libmp3lame", "-b:a", "128k", "-content_type", "audio/mpeg", "-f", "mp3");
    }

    /**
     * Starts ffmpeg feeding a sine of {@code hz} at {@code sampleRate} in real time to {@code mount}, encoded with
     * {@code codecArgs} (codec, bitrate, {@code -content_type}, {@code -f}).
     */
    Process feed(String mount, int hz, int sampleRate, String... codecArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", "sine=frequency=" + hz + ":sample_rate=" + sampleRate, "-ac", "2"));
        cmd.addAll(List.of(codecArgs));
        cmd.add("icecast://source:" + SOURCE_PASSWORD + "@127.0.0.1:" + port + mount);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("ffmpeg-" + mount.substring(1) + "-" + sources.size() + ".out").toFile()).start();
        sources.add(p);
        return p;
    }

    /** Waits until the mount is live (answers 200). */
    void awaitMount(String mount) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                s.setSoTimeout(2000);
                s.getOutputStream().write(("GET " + mount + " HTTP/1.0\r\n\r\n").getBytes());
                byte[] b = new byte[12];
                int n = s.getInputStream().readNBytes(b, 0, 12);
                return n == 12 && new String(b).contains(" 200");
            } catch (IOException e) {
                return false;
            }
        });
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    @Override public void close() throws InterruptedException, IOException {
        for (Process p : sources) stop(p);
        stop(icecast);
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
