package vn.loa.ota.slots;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.launcher.FileOps;
import vn.loa.ota.launcher.LaunchSpec;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.SlotLayout;

/**
 * Puts a verified bundle on the device: jars are kept once in the library store ({@code lib/<sha256>.jar})
 * and hard-linked into the inactive slot; then the slot's launch file is written, the trial recorded, and
 * {@code current} switched, in that order, each step durable before the next (see docs/ota.md). A stop
 * between any two steps leaves a device that boots the committed slot, or the new one on trial.
 *
 * <p>Not thread-safe: the update service calls it from one thread.
 */
public final class SlotInstaller {

    private final SlotLayout layout;
    private final FileOps fs;

    public SlotInstaller(SlotLayout layout, FileOps fs) {
        this.layout = layout;
        this.fs = fs;
    }

    public SlotLayout layout() {
        return layout;
    }

    /** True when the store already holds this jar (same hash, same size): it need not be downloaded. */
    public boolean has(BundleFile f) {
        Path p = layout.libJar(f.sha256());
        try {
            return Files.isRegularFile(p) && Files.size(p) == f.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Moves a downloaded, hash-checked file into the store under its hash. */
    public Path store(Path verifiedFile, String sha256) throws IOException {
        fs.mkdirs(layout.libStore());
        fs.fsync(verifiedFile);
        Path target = layout.libJar(sha256);
        fs.rename(verifiedFile, target);
        fs.fsync(layout.libStore());
        return target;
    }

    /**
     * Installs {@code m} (already verified; every jar in the store) into the inactive slot and switches to it
     * for a trial. {@code requireRegistration}: the trial must re-register (the link was up before).
     */
    public InstallOutcome install(Manifest m, byte[] manifestBytes, byte[] signature, boolean requireRegistration)
            throws IOException {
        Optional<String> cur = layout.currentSlot();
        if (cur.isEmpty()) return new InstallOutcome.NotInstalled(layout.current() + " does not point at a slot");
        LauncherState st = LauncherState.read(layout.stateFile()).orElse(null);
        if (st == null) {
            if (!(LaunchSpec.check(layout.slot(cur.get())) instanceof LaunchSpec.SlotCheck.Bootable b)) {
                return new InstallOutcome.NotInstalled("the running slot " + cur.get() + " has no launch file");
            }
            st = LauncherState.committed(cur.get(), b.spec().version());
        }
        if (st.status() != LauncherState.Status.COMMITTED) {
            return new InstallOutcome.NotInstalled("version " + st.trialVersion().orElse("?")
                    + " is still on trial; an update waits until it is committed or rolled back");
        }
        if (!st.committedSlot().equals(cur.get())) {
            return new InstallOutcome.NotInstalled("current points at slot " + cur.get() + " but slot "
                    + st.committedSlot() + " is committed; the launcher repairs this at its next start");
        }
        for (BundleFile f : m.files()) {
            if (!has(f)) return new InstallOutcome.NotInstalled(f.path() + " is not in the library store");
        }
        String target = SlotLayout.other(cur.get());
        Path dir = layout.slot(target);
        Logger.tag("ota").info("installing {} into slot {} (committed: slot {} with {})", m.version(), target,
                st.committedSlot(), st.committedVersion());
        fs.delete(dir);
        fs.mkdirs(dir.resolve("app"));
        fs.mkdirs(dir.resolve("lib"));
        List<LaunchSpec.Jar> cp = new ArrayList<>();
        for (BundleFile f : m.files()) {
            fs.link(layout.libJar(f.sha256()), dir.resolve(f.path()));
            cp.add(new LaunchSpec.Jar(f.path(), f.size()));
        }
        fs.write(dir.resolve(Manifest.FILE), manifestBytes);
        fs.fsync(dir.resolve(Manifest.FILE));
        fs.write(dir.resolve(Manifest.SIGNATURE_FILE), signature);
        fs.fsync(dir.resolve(Manifest.SIGNATURE_FILE));
        fs.fsync(dir.resolve("app"));
        fs.fsync(dir.resolve("lib"));
        fs.fsync(dir);
        fs.atomicWrite(dir.resolve(LaunchSpec.FILE), new LaunchSpec(m.version().toString(), m.mainClass(), cp).toBytes());
        st.startTrial(target, m.version().toString(), requireRegistration).write(fs, layout.stateFile());
        fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(target));
        Logger.tag("ota").info("slot {} holds {}; current switched, trial starts at the next launch", target, m.version());
        sweep();
        return new InstallOutcome.Installed(target, m.version().toString());
    }

    /**
     * Deletes store jars no slot links to any more (link count 1), keeping {@code keep}. Returns how many.
     * Jars still downloading live elsewhere, so this never races with a download.
     */
    public int sweep(Set<String> keepSha256) throws IOException {
        if (!Files.isDirectory(layout.libStore())) return 0;
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.libStore(), "*.jar")) {
            for (Path p : ds) {
                String sha = p.getFileName().toString().replace(".jar", "");
                Object links = Files.getAttribute(p, "unix:nlink");
                if (links instanceof Integer c && c == 1 && !keepSha256.contains(sha)) {
                    fs.delete(p);
                    n++;
                }
            }
        }
        return n;
    }

    private void sweep() {
        try {
            int n = sweep(new HashSet<>());
            if (n > 0) Logger.tag("ota").info("removed {} jar(s) no slot uses from {}", n, layout.libStore());
        } catch (IOException | UnsupportedOperationException e) {
            Logger.tag("ota").warn("could not sweep {}: {}", layout.libStore(), e.getMessage());
        }
    }
}
