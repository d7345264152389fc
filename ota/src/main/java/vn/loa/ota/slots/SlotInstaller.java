package vn.loa.ota.slots;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;
import vn.loa.ota.bundle.BundleContent;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.Sha256;
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

    /**
     * Moves a downloaded, hash-checked file into the store under its hash: one atomic rename when both are on one
     * file system; otherwise (the download folder in {@code stateDir} on another file system than {@code root}) a
     * copy to {@code <sha256>.jar.tmp} in the store, fsynced, renamed over the target within the store, and the
     * source deleted. Either way the store never shows a partial jar under its hash.
     */
    public Path store(Path verifiedFile, String sha256) throws IOException {
        fs.mkdirs(layout.libStore());
        fs.fsync(verifiedFile);
        Path target = layout.libJar(sha256);
        try {
            fs.rename(verifiedFile, target);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Path tmp = layout.libStore().resolve(sha256 + ".jar.tmp");
            fs.copy(verifiedFile, tmp);
            fs.fsync(tmp);
            fs.rename(tmp, target);
            fs.fsync(layout.libStore());
            fs.delete(verifiedFile);
            Logger.tag("ota").debug("{} copied into {} (another file system)", verifiedFile.getFileName(), layout.libStore());
            return target;
        }
        fs.fsync(layout.libStore());
        return target;
    }

    /**
     * Copies one jar of a verified bundle (a {@code bundle.zip} or its folder) into the store, unless the store has it:
     * written beside the store as {@code <sha256>.jar.tmp}, its SHA-256 checked again (the bundle may have changed
     * since it was verified), then {@link #store stored}. Returns false, with nothing stored, when the bytes differ.
     */
    public boolean storeFrom(BundleContent content, BundleFile f) throws IOException {
        if (has(f)) return true;
        Optional<byte[]> bytes = content.readAll(f.path());
        if (bytes.isEmpty() || bytes.get().length != f.size() || !Sha256.hex(bytes.get()).equals(f.sha256())) return false;
        fs.mkdirs(layout.libStore());
        Path tmp = layout.libStore().resolve(f.sha256() + ".jar.tmp");
        fs.write(tmp, bytes.get());
        store(tmp, f.sha256());
        return true;
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
        Logger.tag("ota").info("installing {} into slot {} (committed: slot {} with {})", m.version(), target,
                st.committedSlot(), st.committedVersion());
        writeSlot(target, m, manifestBytes, signature);
        st.startTrial(target, m.version().toString(), requireRegistration).write(fs, layout.stateFile());
        fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(target));
        Logger.tag("ota").info("slot {} holds {}; current switched, trial starts at the next launch", target, m.version());
        sweep();
        return new InstallOutcome.Installed(target, m.version().toString());
    }

    /**
     * The first install on a fresh device: {@code m} (already verified; every jar in the store) goes into slot
     * {@value #FIRST_SLOT}, {@code current} is pointed at it and the launcher state records it COMMITTED, in that
     * order (a stop before the state is written still boots it: the launcher takes a bootable slot as committed when
     * it finds no state). Refused, with nothing changed, when the root already holds an installation: a receiver
     * that runs takes updates over LwM2M.
     */
    public InstallOutcome installFirst(Manifest m, byte[] manifestBytes, byte[] signature) throws IOException {
        Optional<String> refusal = notFresh();
        if (refusal.isPresent()) return new InstallOutcome.NotInstalled(refusal.get());
        for (BundleFile f : m.files()) {
            if (!has(f)) return new InstallOutcome.NotInstalled(f.path() + " is not in the library store");
        }
        Logger.tag("ota").info("first install: {} into slot {} of {}", m.version(), FIRST_SLOT, layout.root());
        writeSlot(FIRST_SLOT, m, manifestBytes, signature);
        fs.switchSymlink(layout.current(), SlotLayout.relativeTarget(FIRST_SLOT));
        LauncherState.committed(FIRST_SLOT, m.version().toString()).write(fs, layout.stateFile());
        return new InstallOutcome.Installed(FIRST_SLOT, m.version().toString());
    }

    /** The slot a first install fills. */
    public static final String FIRST_SLOT = "A";

    /** Why this root is not fresh ({@code current}, a launcher state or a bootable slot exists), or empty. */
    public Optional<String> notFresh() throws IOException {
        if (Files.exists(layout.current(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(layout.current() + " exists (" + layout.currentSlot().map(s -> "slot " + s).orElse("not a slot")
                    + "): " + layout.root() + " already holds an installation; a running receiver updates over LwM2M");
        }
        Optional<LauncherState> st = LauncherState.read(layout.stateFile());
        if (st.isPresent()) {
            return Optional.of(layout.stateFile() + " already records slot " + st.get().committedSlot() + " with "
                    + st.get().committedVersion() + " as committed; a running receiver updates over LwM2M");
        }
        for (String s : SlotLayout.SLOTS) {
            if (LaunchSpec.check(layout.slot(s)) instanceof LaunchSpec.SlotCheck.Bootable b) {
                return Optional.of(layout.slot(s) + " already holds a bootable " + b.spec().version()
                        + "; a running receiver updates over LwM2M");
            }
        }
        return Optional.empty();
    }

    /** Clears slot {@code target} and fills it: hard links, manifest, signature, folders fsynced, launch file last. */
    private void writeSlot(String target, Manifest m, byte[] manifestBytes, byte[] signature) throws IOException {
        Path dir = layout.slot(target);
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
