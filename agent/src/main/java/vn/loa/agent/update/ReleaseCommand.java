package vn.loa.agent.update;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;
import vn.loa.hal.time.Clock;
import vn.loa.ota.bundle.BundleContent;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.Check;
import vn.loa.ota.bundle.DirectoryBundle;
import vn.loa.ota.bundle.KeyEndorsement;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.TrustStore;
import vn.loa.ota.bundle.Verification;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.bundle.VerifyPolicy;
import vn.loa.ota.bundle.ZipBundle;
import vn.loa.ota.launcher.FileOps;
import vn.loa.ota.launcher.Launcher;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.release.BundleBuilder;
import vn.loa.ota.release.KeyFiles;
import vn.loa.ota.release.TextProgressBar;
import vn.loa.ota.slots.InstallOutcome;
import vn.loa.ota.slots.SlotInstaller;

/**
 * {@code ./loa release keygen|endorse|build|verify|install}: the release tool, and the first install on a fresh
 * receiver. Keys are Ed25519 PEM files; private keys
 * are written 0600 and never printed. See docs/ota.md.
 */
public final class ReleaseCommand implements Command {

    /** Jars of the testbench's class path that a receiver does not need; {@code --exclude} adds more. */
    static final List<String> TESTBENCH_ONLY = List.of("loa-testbench", "leshan-server-", "jmh-", "jopt-simple", "commons-math3");

    private final Clock clock;
    private final String classPath;

    public ReleaseCommand() {
        this(Clock.system(Clock.VIETNAM), System.getProperty("java.class.path", ""));
    }

    /** {@code classPath} is where {@code build} finds jars by default (the running class path). */
    public ReleaseCommand(Clock clock, String classPath) {
        this.clock = clock;
        this.classPath = classPath;
    }

    @Override public String name() {
        return "release";
    }

    @Override public String summary() {
        return "make release keys, build a signed update bundle, verify a bundle, first install on a receiver";
    }

    @Override public String help() {
        return """
                Usage: ./loa release keygen --out DIR [--name NAME]
                       ./loa release endorse --key OLD.key --new NEW.pub --out endorsement.json
                       ./loa release build --version V --key K.key --out bundle.zip [OPTIONS]
                       ./loa release verify BUNDLE.zip --trust PUB.pub|DIR [--board B] [--installed V]
                       loa release install BUNDLE.zip|DIR --trust DIR [--root DIR] [--state DIR] [--board B]

                keygen   writes NAME.key (private, mode 0600; keep it offline) and NAME.pub into DIR.
                         --name  file base name (default: release). Never overwrites a key.
                endorse  signs NEW.pub with the old private key, for a key rotation: pass the file to
                         'build --endorsement' so devices that trust the old key learn the new one.
                build    signs a bundle of the current build: the loa-agent jar and every library jar on
                         the running class path (testbench/target/lib), minus testbench-only jars.
                  --version V        semantic version of this release (required)
                  --key K.key        release private key (required); K.pub must sit beside it (or --pub)
                  --out FILE.zip     the bundle to write (required)
                  --pub P.pub        the public half of --key (default: K.key with .pub)
                  --app JAR          the application jar (default: loa-agent-*.jar on the class path)
                  --from DIR         take the jars from DIR instead of the class path
                  --exclude PREFIX   leave out jars whose name starts with PREFIX (repeatable; always left
                                     out: loa-testbench, leshan-server-, jmh-, jopt-simple, commons-math3)
                  --board B          a board the bundle is for (repeatable; default: * = any)
                  --min-launcher V   oldest launcher that can start it (default: 1.0.0)
                  --main-class C     class the launcher starts (default: vn.loa.agent.Main)
                  --expires T        ISO-8601 instant after which devices refuse it (default: never)
                  --allow-downgrade  a signed permission to install over a newer version
                  --endorsement F    a key endorsement from 'release endorse' (repeatable, oldest first)
                verify   prints every check and the verdict.
                  --trust P          trusted public key file, or a folder of *.pub (required)
                  --board B          also check the bundle is for board B
                  --installed V      also check it is newer than V (anti-downgrade)
                install  the first install on a fresh receiver (packaging/install.sh runs it): verifies the
                         bundle (or its unzipped folder) against the trusted keys and this launcher's version,
                         copies its jars into ROOT/lib, fills slot A, points ROOT/current at it and records it
                         as committed in STATE/launcher.properties. Refuses a root that already holds an
                         installation: a running receiver updates over LwM2M.
                  --trust DIR        the device's trusted release keys, *.pub (required; e.g. /etc/loa/trust);
                                     keys the bundle rotates to are written there
                  --root DIR         slots, current and the jar store (default: /opt/loa)
                  --state DIR        launcher state (default: /var/lib/loa/ota)
                  --board B          also check the bundle is for board B

                Exit codes: 0 done / bundle accepted, 1 failed / bundle refused (the reason is printed),
                2 usage error.""";
    }

    @Override public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) throw new Args.UsageException("needs a sub-command: keygen, endorse, build, verify or install");
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "keygen" -> keygen(Args.parse(rest, Set.of("out", "name"), Set.of()), out, err);
            case "endorse" -> endorse(Args.parse(rest, Set.of("key", "new", "out"), Set.of()), out, err);
            case "build" -> build(Args.parse(rest, Set.of("version", "key", "pub", "out", "app", "from", "exclude", "board",
                    "min-launcher", "main-class", "expires", "endorsement"), Set.of("allow-downgrade")), out, err);
            case "verify" -> verify(Args.parse(rest, Set.of("trust", "board", "installed"), Set.of()), out, err);
            case "install" -> install(Args.parse(rest, Set.of("trust", "root", "state", "board"), Set.of()), out, err);
            default -> throw new Args.UsageException("unknown sub-command '" + args.get(0) + "' (keygen, endorse, build, verify, install)");
        };
    }

    private static String required(Args a, String name) throws Args.UsageException {
        return a.value(name).orElseThrow(() -> new Args.UsageException("--" + name + " is required"));
    }

    private int keygen(Args a, PrintStream out, PrintStream err) throws Exception {
        Path dir = Path.of(required(a, "out"));
        try {
            KeyFiles.Written w = KeyFiles.write(ReleaseKeys.generate(), dir, a.value("name", "release"));
            out.println("wrote " + w.privateKey() + " (private key, mode 0600: keep it offline, never commit it)");
            out.println("wrote " + w.publicKey() + " (public key id " + w.keyId() + ": install it as a trust anchor)");
            return OK;
        } catch (IOException e) {
            err.println("release keygen: " + e.getMessage());
            return FAILED;
        }
    }

    private int endorse(Args a, PrintStream out, PrintStream err) throws Exception {
        Path keyFile = Path.of(required(a, "key"));
        Path newPub = Path.of(required(a, "new"));
        Path target = Path.of(required(a, "out"));
        try {
            PrivateKey oldPriv = ReleaseKeys.readPrivate(keyFile);
            PublicKey oldPub = matchingPublic(keyFile, KeyFiles.publicBeside(keyFile), oldPriv);
            PublicKey next = ReleaseKeys.readPublic(newPub);
            KeyEndorsement e = ReleaseKeys.endorse(oldPriv, oldPub, next);
            Files.writeString(target, "{\"key\": \"" + e.key() + "\", \"endorsedBy\": \"" + e.endorsedBy()
                    + "\", \"signature\": \"" + e.signature() + "\"}\n", StandardCharsets.US_ASCII);
            out.println("wrote " + target + ": key " + ReleaseKeys.keyId(next) + " endorsed by key " + e.endorsedBy());
            return OK;
        } catch (IOException | InvalidKeyException e) {
            err.println("release endorse: " + e.getMessage());
            return FAILED;
        }
    }

    private static PublicKey matchingPublic(Path keyFile, Path pubFile, PrivateKey priv) throws IOException, InvalidKeyException {
        if (!Files.isRegularFile(pubFile)) {
            throw new IOException(pubFile + ": the public key for " + keyFile + " is missing (give it with --pub)");
        }
        PublicKey pub = ReleaseKeys.readPublic(pubFile);
        byte[] probe = "loa release key pair check".getBytes(StandardCharsets.US_ASCII);
        if (!ReleaseKeys.verify(pub, probe, ReleaseKeys.sign(priv, probe))) {
            throw new InvalidKeyException(pubFile + " is not the public half of " + keyFile);
        }
        return pub;
    }

    private int build(Args a, PrintStream out, PrintStream err) throws Exception {
        Version version = version(required(a, "version"), "--version");
        Path keyFile = Path.of(required(a, "key"));
        Path target = Path.of(required(a, "out"));
        Path pubFile = a.value("pub").map(Path::of).orElse(KeyFiles.publicBeside(keyFile));
        Instant expires = null;
        if (a.value("expires").isPresent()) {
            try {
                expires = Instant.parse(a.value("expires").get());
            } catch (DateTimeParseException e) {
                throw new Args.UsageException("--expires expects an ISO-8601 instant like 2027-01-01T00:00:00Z but was '"
                        + a.value("expires").get() + "'");
            }
        }
        try {
            PrivateKey priv = ReleaseKeys.readPrivate(keyFile);
            PublicKey pub = matchingPublic(keyFile, pubFile, priv);
            List<Path> jars = jars(a);
            Path app = a.value("app").map(Path::of).orElseGet(() -> jars.stream()
                    .filter(p -> p.getFileName().toString().matches("loa-agent-.*\\.jar")).findFirst().orElse(null));
            if (app == null) {
                err.println("release build: no loa-agent-*.jar among " + jars.size() + " jars of "
                        + a.value("from").orElse("the class path") + "; run 'mvn -B package' first or pass --app");
                return FAILED;
            }
            BundleBuilder b = new BundleBuilder(version, priv, pub, clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).app(app)
                    .minLauncher(version(a.value("min-launcher", BundleBuilder.DEFAULT_MIN_LAUNCHER.toString()), "--min-launcher"))
                    .mainClass(a.value("main-class", BundleBuilder.DEFAULT_MAIN_CLASS))
                    .allowDowngrade(a.flag("allow-downgrade"))
                    .progress(new TextProgressBar(out));
            if (!a.all("board").isEmpty()) b.boards(a.all("board"));
            if (expires != null) b.expires(expires);
            for (Path j : jars) if (!j.equals(app)) b.lib(j);
            for (String f : a.all("endorsement")) b.endorsement(readEndorsement(Path.of(f)));
            out.println("building " + version + " from " + jars.size() + " jars, signed by key " + ReleaseKeys.keyId(pub));
            Manifest m = b.writeZip(target);
            out.println("wrote " + target + ": " + m.version() + ", app " + m.app().name() + ", " + m.libs().size()
                    + " libraries, " + m.totalBytes() + " bytes, boards " + m.boards());
            return OK;
        } catch (IOException | InvalidKeyException | ConfigException | IllegalArgumentException e) {
            err.println("release build: " + e.getMessage());
            return FAILED;
        }
    }

    private static Version version(String v, String option) throws Args.UsageException {
        try {
            return Version.parse(v);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(option + " " + e.getMessage());
        }
    }

    private static KeyEndorsement readEndorsement(Path f) throws ConfigException {
        JsonNode n = JsonNode.read(f);
        String key = n.requiredString("key");
        String by = n.requiredString("endorsedBy");
        String sig = n.requiredString("signature");
        n.rejectUnknownKeys();
        n.problems().throwIfAny();
        try {
            return new KeyEndorsement(key, by, sig);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(f + ": " + e.getMessage()));
        }
    }

    private List<Path> jars(Args a) throws IOException {
        List<String> exclude = new ArrayList<>(TESTBENCH_ONLY);
        exclude.addAll(a.all("exclude"));
        List<Path> found = new ArrayList<>();
        if (a.value("from").isPresent()) {
            Path dir = Path.of(a.value("from").get());
            if (!Files.isDirectory(dir)) throw new IOException("--from " + dir + ": no such folder");
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString)).forEach(found::add);
            }
        } else {
            for (String e : classPath.split(java.io.File.pathSeparator)) {
                if (e.endsWith("/*") || e.endsWith("\\*")) {
                    Path dir = Path.of(e.substring(0, e.length() - 2));
                    if (!Files.isDirectory(dir)) continue;
                    try (Stream<Path> s = Files.list(dir)) {
                        s.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString)).forEach(found::add);
                    }
                } else if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
                    found.add(Path.of(e));
                }
            }
        }
        return found.stream().filter(p -> exclude.stream().noneMatch(x -> p.getFileName().toString().startsWith(x))).toList();
    }

    private int verify(Args a, PrintStream out, PrintStream err) throws Exception {
        if (a.positional().size() != 1) throw new Args.UsageException("verify needs exactly one bundle file");
        Path bundle = Path.of(a.positional().get(0));
        Path trustPath = Path.of(required(a, "trust"));
        TrustStore trust;
        try {
            trust = TrustStore.load(trustPath);
        } catch (IOException e) {
            err.println("release verify: " + e.getMessage());
            return FAILED;
        }
        VerifyPolicy.Builder p = VerifyPolicy.builder(trust).now(clock.now());
        a.value("board").ifPresent(p::board);
        if (a.value("installed").isPresent()) p.installed(version(a.value("installed").get(), "--installed"));
        if (!Files.isRegularFile(bundle)) {
            err.println("release verify: " + bundle + ": no such file");
            return FAILED;
        }
        Verification v;
        try (ZipBundle z = new ZipBundle(bundle)) {
            v = new vn.loa.ota.bundle.BundleVerifier().verify(z, p.build());
        } catch (IOException e) {
            err.println("release verify: " + bundle + " is not a readable zip: " + e.getMessage());
            return FAILED;
        }
        out.println("verifying " + bundle + " against " + trust.keyIds().size() + " trusted key(s) " + trust.keyIds());
        for (Check c : v.checks()) out.println("  " + c.line());
        switch (v) {
            case Verification.Accepted ok -> {
                out.println("verdict: ACCEPTED " + ok.manifest().version()
                        + (ok.newlyTrusted().isEmpty() ? "" : " (rotates trust to " + ok.newlyTrusted().stream().map(ReleaseKeys::keyId).toList() + ")"));
                return OK;
            }
            case Verification.Refused no -> {
                out.println("verdict: REFUSED: " + no.reason());
                err.println("release verify: refused: " + no.reason());
                return FAILED;
            }
        }
    }

    private int install(Args a, PrintStream out, PrintStream err) throws Exception {
        if (a.positional().size() != 1) throw new Args.UsageException("install needs exactly one bundle (a .zip or its unzipped folder)");
        Path bundle = Path.of(a.positional().get(0));
        Path trustDir = Path.of(required(a, "trust"));
        SlotLayout layout = new SlotLayout(Path.of(a.value("root", SlotLayout.DEFAULT_ROOT.toString())),
                Path.of(a.value("state", SlotLayout.DEFAULT_STATE.toString())));
        FileOps fs = new RealFileOps();
        SlotInstaller installer = new SlotInstaller(layout, fs);
        Optional<String> notFresh = installer.notFresh();
        if (notFresh.isPresent()) {
            err.println("release install: " + notFresh.get() + "; nothing changed");
            return FAILED;
        }
        if (!Files.isDirectory(trustDir)) {
            err.println("release install: --trust " + trustDir + " is not a folder; put the release public key(s) *.pub there first");
            return FAILED;
        }
        TrustStore trust;
        try {
            trust = TrustStore.load(trustDir);
        } catch (IOException e) {
            err.println("release install: " + e.getMessage());
            return FAILED;
        }
        VerifyPolicy.Builder p = VerifyPolicy.builder(trust).now(clock.now()).launcherVersion(Version.parse(Launcher.VERSION));
        a.value("board").ifPresent(p::board);
        if (!Files.exists(bundle)) {
            err.println("release install: " + bundle + ": no such file or folder");
            return FAILED;
        }
        try (ZipBundle zip = Files.isDirectory(bundle) ? null : new ZipBundle(bundle)) {
            BundleContent content = zip != null ? zip : DirectoryBundle.folder(bundle);
            Verification v = new vn.loa.ota.bundle.BundleVerifier().verify(content, p.build());
            out.println("verifying " + bundle + " against " + trust.keyIds().size() + " trusted key(s) " + trust.keyIds());
            for (Check c : v.checks()) out.println("  " + c.line());
            if (v instanceof Verification.Refused no) {
                out.println("verdict: REFUSED: " + no.reason());
                err.println("release install: refused: " + no.reason() + "; nothing installed");
                return FAILED;
            }
            Verification.Accepted ok = (Verification.Accepted) v;
            Manifest m = ok.manifest();
            out.println("verdict: ACCEPTED " + m.version());
            for (BundleFile f : m.files()) {
                if (!installer.storeFrom(content, f)) {
                    err.println("release install: " + f.path() + " in " + bundle + " changed while installing; nothing installed");
                    return FAILED;
                }
            }
            byte[] manifestBytes = content.readAll(Manifest.FILE).orElseThrow();
            byte[] signature = content.readAll(Manifest.SIGNATURE_FILE).orElseThrow();
            switch (installer.installFirst(m, manifestBytes, signature)) {
                case InstallOutcome.Installed i -> {
                    for (PublicKey k : ok.newlyTrusted()) {
                        Path f = trustDir.resolve(ReleaseKeys.keyId(k) + ".pub");
                        if (!Files.exists(f)) fs.atomicWrite(f, ReleaseKeys.pem(k).getBytes(StandardCharsets.US_ASCII));
                        out.println("trusting release key " + ReleaseKeys.keyId(k) + " (endorsed by the bundle): " + f);
                    }
                    out.println("installed " + i.version() + " into " + layout.slot(i.slot()) + "; " + layout.current()
                            + " -> " + SlotLayout.relativeTarget(i.slot()) + "; committed in " + layout.stateFile());
                    return OK;
                }
                case InstallOutcome.NotInstalled n -> {
                    err.println("release install: " + n.reason() + "; nothing installed");
                    return FAILED;
                }
            }
        } catch (IOException e) {
            err.println("release install: " + bundle + ": " + e.getMessage());
            return FAILED;
        }
    }
}
