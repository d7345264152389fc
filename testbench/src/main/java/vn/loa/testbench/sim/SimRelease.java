package vn.loa.testbench.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.tinylog.Logger;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.launcher.LaunchSpec;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.release.BundleBuilder;
import vn.loa.ota.release.KeyFiles;
import vn.loa.testbench.headend.ContentServer;

/**
 * The simulator's release side: a release key made fresh at every start ({@code release/sim-release.key} and
 * {@code .pub} in the data folder, the public key also in {@code release/trust/}, which every receiver trusts), and the
 * test release {@value #RELEASE} built and signed with the release tool's {@link BundleBuilder} and served unzipped by
 * the {@link ContentServer} under {@code /fw/1.1.0/}.
 *
 * <p>The bundle's jars are small generated jars (a manifest and a note): the simulated launcher installs and "starts" a
 * release by starting a new in-process {@code Station} that reports the release's version; a bundle's content is never
 * loaded. Download, signature and hash verification, slot install and the launcher's A/B bookkeeping are the real code.
 */
public final class SimRelease {

    /** The version every receiver's slot A holds at sim start. */
    public static final String BASE = "1.0.0";
    /** The test release the sim offers. */
    public static final String RELEASE = "1.1.0";
    /** The key's file name in the data folder's {@code release/}. */
    static final String KEY_NAME = "sim-release";

    private final Path trustDir;
    private final String path;

    private SimRelease(Path trustDir, String path) {
        this.trustDir = trustDir;
        this.path = path;
    }

    /**
     * Makes a new key under {@code data/release} (the previous run's is replaced), builds and signs {@value #RELEASE} for
     * the {@code simulated} board and serves it from {@code content}.
     */
    public static SimRelease create(Path data, ContentServer content, String board) throws IOException {
        Path dir = data.resolve("release");
        deleteTree(dir);
        KeyPair key = ReleaseKeys.generate();
        KeyFiles.Written written = KeyFiles.write(key, dir, KEY_NAME);
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(written.publicKey(), trust.resolve(KEY_NAME + ".pub"));
        Path build = Files.createDirectories(dir.resolve(RELEASE));
        Path zip = build.resolve("loa-" + RELEASE + ".zip");
        new BundleBuilder(Version.parse(RELEASE), key.getPrivate(), key.getPublic(), Instant.now())
                .app(simJar(build.resolve("loa-agent-" + RELEASE + ".jar"), RELEASE))
                .boards(List.of(board)).writeZip(zip);
        String prefix = "/fw/" + RELEASE + "/";
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    content.serve(prefix + e.getName(), in.readAllBytes());
                }
            }
        }
        Logger.tag("sim").info("sim release key {} made; release {} signed and served at {}{}manifest.json",
                written.keyId(), RELEASE, content.baseUri(), prefix);
        return new SimRelease(trust, prefix + "manifest.json");
    }

    /** The folder of trusted release keys every receiver's {@code update} section names. */
    public Path trustDir() {
        return trustDir;
    }

    /** The release's manifest path on the content server ({@code /fw/1.1.0/manifest.json}). */
    public String manifestPath() {
        return path;
    }

    /**
     * Resets a receiver's slot tree under {@code dir}: {@code opt/slots/A} holds {@value #BASE} (a generated jar and its
     * launch file), {@code current} points at A and the launcher state says committed. Each sim run starts there.
     */
    static SlotLayout resetSlots(Path dir) throws IOException {
        deleteTree(dir);
        SlotLayout layout = new SlotLayout(dir.resolve("opt"), dir.resolve("var"));
        Path a = layout.slot("A");
        Path jar = simJar(a.resolve("app/loa-agent.jar"), BASE);
        Files.write(a.resolve(LaunchSpec.FILE), new LaunchSpec(BASE, BundleBuilder.DEFAULT_MAIN_CLASS,
                List.of(new LaunchSpec.Jar("app/loa-agent.jar", Files.size(jar)))).toBytes());
        Files.createDirectories(layout.stateDir());
        Files.createSymbolicLink(layout.current(), SlotLayout.relativeTarget("A"));
        LauncherState.committed("A", BASE).write(new RealFileOps(), layout.stateFile());
        return layout;
    }

    /** A small jar standing for release {@code version}: a manifest and a note that it is never run. */
    private static Path simJar(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (OutputStream o = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(o, m)) {
            jar.putNextEntry(new JarEntry("SIMULATED-RELEASE.txt"));
            jar.write(("Loa testbench simulated release " + version + ". The simulator never loads this jar: it starts an "
                    + "in-process station reporting this version.\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
