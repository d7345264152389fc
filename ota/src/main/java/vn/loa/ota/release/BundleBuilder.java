package vn.loa.ota.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.KeyEndorsement;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.Sha256;
import vn.loa.ota.bundle.Version;

/**
 * Builds a signed bundle: hashes the app jar and every library jar, writes the canonical manifest, signs it
 * with the release key and writes {@code bundle.zip} (manifest.json, manifest.sig, app/, lib/). The zip is
 * written to a temporary file beside the target and renamed into place, so a failed build leaves no bundle.
 *
 * <p>Defaults: minimum launcher {@link #DEFAULT_MIN_LAUNCHER}, boards {@code ["*"]}, main class
 * {@link #DEFAULT_MAIN_CLASS}, no expiry, no downgrade permission, no key endorsements, no progress output.
 */
public final class BundleBuilder {

    public static final Version DEFAULT_MIN_LAUNCHER = Version.parse("1.0.0");
    public static final String DEFAULT_MAIN_CLASS = "vn.loa.agent.Main";

    private final Version version;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final Instant created;
    private Path app;
    private final List<Path> libs = new ArrayList<>();
    private Version minLauncher = DEFAULT_MIN_LAUNCHER;
    private List<String> boards = List.of(Manifest.ANY_BOARD);
    private String mainClass = DEFAULT_MAIN_CLASS;
    private Instant expires;
    private boolean allowDowngrade;
    private final List<KeyEndorsement> endorsements = new ArrayList<>();
    private Progress progress = Progress.NONE;

    /** {@code created} is the release time written into the manifest (the caller reads its clock). */
    public BundleBuilder(Version version, PrivateKey key, PublicKey publicKey, Instant created) {
        this.version = Objects.requireNonNull(version);
        this.key = Objects.requireNonNull(key);
        this.publicKey = Objects.requireNonNull(publicKey);
        this.created = Objects.requireNonNull(created);
    }

    public BundleBuilder app(Path jar) {
        this.app = jar;
        return this;
    }

    /** Adds a library jar; class-path order is the order of calls. */
    public BundleBuilder lib(Path jar) {
        libs.add(jar);
        return this;
    }

    public BundleBuilder minLauncher(Version v) {
        this.minLauncher = v;
        return this;
    }

    public BundleBuilder boards(List<String> b) {
        this.boards = List.copyOf(b);
        return this;
    }

    public BundleBuilder mainClass(String c) {
        this.mainClass = c;
        return this;
    }

    public BundleBuilder expires(Instant t) {
        this.expires = t;
        return this;
    }

    public BundleBuilder allowDowngrade(boolean b) {
        this.allowDowngrade = b;
        return this;
    }

    /** Adds one step of a key rotation chain (oldest first). */
    public BundleBuilder endorsement(KeyEndorsement e) {
        endorsements.add(e);
        return this;
    }

    public BundleBuilder progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** The manifest that {@link #writeZip(Path)} would sign (hashes every jar). */
    public Manifest manifest() throws IOException {
        if (app == null) throw new IllegalStateException("no app jar given");
        long total = 0;
        for (Path p : all()) total += Files.size(p);
        long[] done = {0};
        long totalBytes = total;
        BundleFile appFile = describe("app/", app, done, totalBytes);
        List<BundleFile> libFiles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path l : libs) {
            BundleFile f = describe("lib/", l, done, totalBytes);
            if (!names.add(f.path())) throw new IOException(l + ": a second library named '" + f.name() + "'");
            libFiles.add(f);
        }
        return new Manifest(version, minLauncher, boards, created, Optional.ofNullable(expires), allowDowngrade,
                mainClass, appFile, libFiles, ReleaseKeys.keyId(publicKey), endorsements);
    }

    private List<Path> all() {
        List<Path> a = new ArrayList<>();
        a.add(app);
        a.addAll(libs);
        return a;
    }

    private BundleFile describe(String folder, Path jar, long[] done, long total) throws IOException {
        if (!Files.isRegularFile(jar)) throw new IOException(jar + ": no such jar");
        MessageDigest d = Sha256.newDigest();
        long size = 0;
        String name = folder + jar.getFileName();
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
                size += n;
                done[0] += n;
                progress.update(done[0] / 2, total, "hashing " + name);
            }
        }
        try {
            return new BundleFile(name, Sha256.hex(d), size);
        } catch (IllegalArgumentException e) {
            throw new IOException(jar + ": " + e.getMessage());
        }
    }

    /** Writes the signed bundle to {@code out} and returns its manifest. */
    public Manifest writeZip(Path out) throws IOException {
        Manifest m = manifest();
        byte[] json = m.toJson();
        byte[] sig = (Base64.getEncoder().encodeToString(ReleaseKeys.sign(key, json)) + "\n").getBytes();
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".bundle-", ".zip.tmp");
        long total = m.totalBytes();
        long done = 0;
        try {
            try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fo)) {
                put(zip, Manifest.FILE, json);
                put(zip, Manifest.SIGNATURE_FILE, sig);
                List<Path> sources = all();
                List<BundleFile> files = m.files();
                for (int i = 0; i < files.size(); i++) {
                    zip.putNextEntry(new ZipEntry(files.get(i).path()));
                    try (InputStream in = Files.newInputStream(sources.get(i))) {
                        byte[] buf = new byte[64 * 1024];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            zip.write(buf, 0, n);
                            done += n;
                            progress.update(total / 2 + done / 2, total, "writing " + files.get(i).path());
                        }
                    }
                    zip.closeEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        progress.update(total, total, out.getFileName().toString());
        return m;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }
}
