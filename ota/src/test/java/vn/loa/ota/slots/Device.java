package vn.loa.ota.slots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.Sha256;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;

/** A device folder tree in a temp dir: slot A committed with version 1.0.0, and helpers to stage new versions. */
public final class Device {

    public final SlotLayout layout;
    public final SlotInstaller installer;

    public Device(Path dir) throws IOException {
        this.layout = new SlotLayout(dir.resolve("opt"), dir.resolve("var"));
        this.installer = new SlotInstaller(layout, new RealFileOps());
        Files.createDirectories(layout.root().resolve("slots"));
        Files.createDirectories(layout.stateDir());
    }

    /** Slot A holds {@code version}, current points at it, and the state says it is committed. */
    public Device withCommitted(String version, long seed) throws IOException {
        return withCommitted(stage(version, seed, seed).manifest());
    }

    /** Installs {@code m} (its jars already in the store) into slot A as the committed version. */
    public Device withCommitted(Manifest m) throws IOException {
        String version = m.version().toString();
        Staged s = new Staged(m);
        Files.createSymbolicLink(layout.current(), SlotLayout.relativeTarget("B"));
        Files.createDirectories(layout.slot("B"));
        // install into A by pretending B is current and committed, then commit A
        LauncherState.committed("B", "0.0.0").write(new RealFileOps(), layout.stateFile());
        InstallOutcome o = installer.install(s.manifest(), s.manifest().toJson(), "sig".getBytes(), false);
        if (!(o instanceof InstallOutcome.Installed)) throw new IllegalStateException(o.toString());
        LauncherState st = LauncherState.read(layout.stateFile()).orElseThrow();
        LauncherState.committed("A", version).write(new RealFileOps(), layout.stateFile());
        if (!st.trialSlot().orElseThrow().equals("A")) throw new IllegalStateException("expected slot A");
        return this;
    }

    /** A manifest and its jars put into the library store (as a finished download would). */
    public record Staged(Manifest manifest) { }

    public Staged stage(String version, long appSeed, long libSeed) throws IOException {
        Path tmp = Files.createTempDirectory(layout.root(), "stage");
        BundleFile app = put(tmp, "app/loa-agent.jar", 3000, appSeed);
        List<BundleFile> libs = new ArrayList<>();
        libs.add(put(tmp, "lib/loa-hal.jar", 4000, libSeed));
        libs.add(put(tmp, "lib/tinylog.jar", 5000, 77));
        Manifest m = new Manifest(Version.parse(version), Version.parse("1.0.0"), List.of("*"),
                Instant.parse("2026-01-05T01:00:00Z"), Optional.empty(), false, "vn.loa.agent.Main", app, libs,
                "0123456789abcdef", List.of());
        new RealFileOps().delete(tmp);
        return new Staged(m);
    }

    private BundleFile put(Path tmp, String path, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        String sha = Sha256.hex(b);
        BundleFile f = new BundleFile(path, sha, size);
        if (!installer.has(f)) {
            Path file = tmp.resolve(sha);
            Files.write(file, b);
            installer.store(file, sha);
        }
        return f;
    }
}
