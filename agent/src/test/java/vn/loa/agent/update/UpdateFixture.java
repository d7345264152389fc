package vn.loa.agent.update;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import vn.loa.agent.broadcast.ArbiterStatus;
import vn.loa.hal.Amplifier;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.launcher.LaunchSpec;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.release.BundleBuilder;

/**
 * A device and a release server for update tests: a temp slot tree with slot A committed at 1.0.0, a release key the
 * device trusts, and a loopback JDK {@link HttpServer} (port 0) serving unzipped bundles built with the release tool's
 * {@link BundleBuilder}, counting the bytes it sends.
 */
public final class UpdateFixture implements AutoCloseable {

    public static final String BOARD = "raspberry-pi-4";
    public static final ArbiterStatus IDLE = new ArbiterStatus(Optional.empty(), Optional.empty(), "idle", 0, 0, 0, "",
            Amplifier.State.OFF, 0, "");

    public final Path dir;
    public final SlotLayout layout;
    public final Path trust;
    public final KeyPair key = ReleaseKeys.generate();
    public final HttpServer http;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public UpdateFixture(Path dir) throws IOException {
        this.dir = dir;
        this.layout = new SlotLayout(dir.resolve("opt"), dir.resolve("var"));
        this.trust = dir.resolve("trust");
        Files.createDirectories(trust);
        Files.writeString(trust.resolve("release.pub"), ReleaseKeys.pem(key.getPublic()), StandardCharsets.US_ASCII);
        commitSlotA("1.0.0");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            try (ex) {
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        http.start();
    }

    /** Slot A holds a (tiny) release {@code version}, {@code current} points at it, the launcher state says committed. */
    private void commitSlotA(String version) throws IOException {
        Path a = layout.slot("A");
        Path jar = seeded(a.resolve("app/loa-agent.jar"), 2000, 1);
        Files.write(a.resolve(LaunchSpec.FILE), new LaunchSpec(version, "vn.loa.agent.Main",
                List.of(new LaunchSpec.Jar("app/loa-agent.jar", Files.size(jar)))).toBytes());
        Files.createSymbolicLink(layout.current(), SlotLayout.relativeTarget("A"));
        LauncherState.committed("A", version).write(new RealFileOps(), layout.stateFile());
    }

    private static Path seeded(Path file, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.createDirectories(file.getParent());
        Files.write(file, b);
        return file;
    }

    /** Builds and signs {@code version} for {@code boards}, serves it unzipped, returns its Package URI. */
    public String publish(String version, List<String> boards) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("build-" + version + "-" + String.join("+", boards)));
        Path zip = jars.resolve("bundle.zip");
        new BundleBuilder(Version.parse(version), key.getPrivate(), key.getPublic(), Instant.parse("2026-11-20T00:00:00Z"))
                .app(seeded(jars.resolve("loa-agent-" + version + ".jar"), 20_000, version.hashCode()))
                .lib(seeded(jars.resolve("loa-hal.jar"), 30_000, 2))
                .boards(boards).writeZip(zip);
        String prefix = "/fw/" + jars.getFileName() + "/";
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    files.put(prefix + e.getName(), in.readAllBytes());
                }
            }
        }
        return "http://127.0.0.1:" + http.getAddress().getPort() + prefix + "manifest.json";
    }

    public String publish(String version) throws IOException {
        return publish(version, List.of(BOARD));
    }

    /** Replaces one served file of a published bundle (a tampered jar). */
    public void tamper(String packageUri, String entry) {
        String path = java.net.URI.create(packageUri).getPath().replace("manifest.json", entry);
        byte[] b = files.get(path);
        if (b == null) throw new IllegalArgumentException("no served file " + path);
        byte[] t = b.clone();
        t[t.length / 2] ^= 0x5a;
        files.put(path, t);
    }

    /** The {@code update} config for this device, with a fast heartbeat. */
    public UpdateConfig config() {
        return new UpdateConfig(layout.root(), layout.stateDir(), trust, Optional.empty(), Duration.ofMillis(100),
                Duration.ofSeconds(5));
    }

    public LauncherState launcherState() throws IOException {
        return LauncherState.read(layout.stateFile()).orElseThrow();
    }

    @Override public void close() {
        http.stop(0);
    }
}
