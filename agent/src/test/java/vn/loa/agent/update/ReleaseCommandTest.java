package vn.loa.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.cli.CommandLine;
import vn.loa.hal.time.ManualScheduler;

class ReleaseCommandTest {

    @TempDir Path dir;
    Path jars;
    final ManualScheduler clock = new ManualScheduler();
    String out;
    String err;

    int runWith(String classPath, String... argv) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = new CommandLine("./loa", List.of(new ReleaseCommand(clock, classPath)))
                .run(List.of(argv), new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    int run(String... argv) {
        return runWith("", argv);
    }

    @BeforeEach
    void build_output() throws IOException {
        jars = Files.createDirectories(dir.resolve("target-lib"));
        jar("loa-agent-0.1.0.jar", 30_000, 1);
        jar("loa-hal-0.1.0.jar", 20_000, 2);
        jar("tinylog-api-2.7.0.jar", 40_000, 3);
        jar("leshan-server-core-2.0.0.jar", 10_000, 4);
        jar("jmh-core-1.37.jar", 10_000, 5);
    }

    private void jar(String name, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.write(jars.resolve(name), b);
    }

    private String keys() {
        assertThat(run("release", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        return dir.resolve("keys/release.key").toString();
    }

    @Test
    void keygen_writes_a_0600_private_key_and_never_prints_it() throws Exception {
        keys();
        Path priv = dir.resolve("keys/release.key");
        assertThat(Files.getPosixFilePermissions(priv)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String pem = Files.readString(priv);
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        assertThat(out).contains("release.key (private key, mode 0600").doesNotContain(body.substring(0, 20));
        assertThat(run("release", "keygen", "--out", dir.resolve("keys").toString())).isEqualTo(1);
        assertThat(err).contains("release.key exists; refusing to overwrite a release key");
    }

    @Test
    void build_from_the_class_path_leaves_testbench_jars_out_and_verify_accepts_it() throws Exception {
        String key = keys();
        String bundle = dir.resolve("bundle.zip").toString();
        assertThat(runWith(jars + "/*", "release", "build", "--version", "1.2.0", "--key", key, "--out", bundle,
                "--board", "raspberry-pi-4")).as(err).isZero();
        assertThat(out).contains("[##############################] 100%")
                .contains("wrote " + bundle + ": 1.2.0, app loa-agent-0.1.0.jar, 2 libraries, 90000 bytes, boards [raspberry-pi-4]");
        try (ZipFile z = new ZipFile(bundle)) {
            assertThat(z.stream().map(ZipEntry::getName)).containsExactly("manifest.json", "manifest.sig",
                    "app/loa-agent-0.1.0.jar", "lib/loa-hal-0.1.0.jar", "lib/tinylog-api-2.7.0.jar");
        }
        assertThat(run("release", "verify", bundle, "--trust", dir.resolve("keys/release.pub").toString(),
                "--board", "raspberry-pi-4", "--installed", "1.1.0")).as(out + err).isZero();
        assertThat(out).contains("ok    signature        Ed25519 by key").contains("ok    board            'raspberry-pi-4' is in [raspberry-pi-4]")
                .contains("ok    lib/tinylog-api-2.7.0.jar 40000 bytes").endsWith("verdict: ACCEPTED 1.2.0\n");
    }

    @Test
    void verify_refuses_a_tampered_bundle_with_the_reason_and_exit_1() throws Exception {
        String key = keys();
        Path bundle = dir.resolve("bundle.zip");
        assertThat(run("release", "build", "--from", jars.toString(), "--version", "1.2.0", "--key", key, "--out", bundle.toString())).isZero();
        Path bad = dir.resolve("bad.zip");
        try (ZipFile z = new ZipFile(bundle.toFile()); OutputStream o = Files.newOutputStream(bad); ZipOutputStream zo = new ZipOutputStream(o)) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                byte[] b;
                try (InputStream in = z.getInputStream(e)) {
                    b = in.readAllBytes();
                }
                if (e.getName().equals("lib/loa-hal-0.1.0.jar")) b[7] ^= 1;
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(b);
                zo.closeEntry();
            }
        }
        assertThat(run("release", "verify", bad.toString(), "--trust", dir.resolve("keys").toString())).isEqualTo(1);
        assertThat(out).contains("FAIL  lib/loa-hal-0.1.0.jar").contains("verdict: REFUSED: lib/loa-hal-0.1.0.jar: sha256 ");
        assertThat(err).startsWith("release verify: refused: lib/loa-hal-0.1.0.jar: sha256 ").contains("(altered jar)");
    }

    @Test
    void verify_refuses_a_bundle_signed_by_another_key() throws Exception {
        String key = keys();
        run("release", "keygen", "--out", dir.resolve("other").toString());
        Path bundle = dir.resolve("bundle.zip");
        run("release", "build", "--from", jars.toString(), "--version", "1.2.0", "--key", key, "--out", bundle.toString());
        assertThat(run("release", "verify", bundle.toString(), "--trust", dir.resolve("other/release.pub").toString())).isEqualTo(1);
        assertThat(err).contains("which this device does not trust");
    }

    @Test
    void a_rotated_key_is_accepted_through_an_endorsement() throws Exception {
        keys();
        run("release", "keygen", "--out", dir.resolve("keys").toString(), "--name", "release-2027");
        Path endorsement = dir.resolve("e.json");
        assertThat(run("release", "endorse", "--key", dir.resolve("keys/release.key").toString(), "--new",
                dir.resolve("keys/release-2027.pub").toString(), "--out", endorsement.toString())).as(err).isZero();
        Path bundle = dir.resolve("bundle.zip");
        assertThat(run("release", "build", "--from", jars.toString(), "--version", "2.0.0", "--key",
                dir.resolve("keys/release-2027.key").toString(), "--endorsement", endorsement.toString(), "--out", bundle.toString()))
                .as(err).isZero();
        assertThat(run("release", "verify", bundle.toString(), "--trust", dir.resolve("keys/release.pub").toString())).isZero();
        assertThat(out).contains("ok    key chain        rotation ").contains("verdict: ACCEPTED 2.0.0 (rotates trust to [");
    }

    @Test
    void bad_input_is_named() {
        assertThat(run("release", "build", "--version", "1.2", "--key", "k", "--out", "o.zip")).isEqualTo(2);
        assertThat(err).contains("--version is not a semantic version like 1.2.3 or 1.2.3-rc.1: '1.2'");
        assertThat(run("release", "build", "--version", "1.2.0", "--key", dir.resolve("nope.key").toString(), "--out", "o.zip")).isEqualTo(1);
        assertThat(err).contains("nope.key");
        assertThat(run("release", "frobnicate")).isEqualTo(2);
        assertThat(err).contains("unknown sub-command 'frobnicate'");
        assertThat(run("release", "build", "--version", "1.2.0", "--key", "k", "--out", "o.zip", "--expires", "soon")).isEqualTo(2);
        assertThat(err).contains("--expires expects an ISO-8601 instant like 2027-01-01T00:00:00Z but was 'soon'");
    }

    @Test
    void build_without_an_agent_jar_says_what_to_do() throws Exception {
        String key = keys();
        Files.delete(jars.resolve("loa-agent-0.1.0.jar"));
        assertThat(run("release", "build", "--from", jars.toString(), "--version", "1.2.0", "--key", key, "--out",
                dir.resolve("b.zip").toString())).isEqualTo(1);
        assertThat(err).contains("no loa-agent-*.jar among 2 jars of " + jars + "; run 'mvn -B package' first or pass --app");
    }

    /** A signed 1.2.0 bundle from {@link #jars} and a device trust folder holding its public key. */
    private Path bundleAndTrust() throws IOException {
        String key = keys();
        Path bundle = dir.resolve("bundle.zip");
        assertThat(run("release", "build", "--from", jars.toString(), "--version", "1.2.0", "--key", key, "--out", bundle.toString())).isZero();
        Path trust = Files.createDirectories(dir.resolve("etc/trust"));
        Files.copy(dir.resolve("keys/release.pub"), trust.resolve("release.pub"));
        return bundle;
    }

    private int install(Path bundle) {
        return run("release", "install", bundle.toString(), "--trust", dir.resolve("etc/trust").toString(),
                "--root", dir.resolve("opt").toString(), "--state", dir.resolve("var").toString());
    }

    private vn.loa.ota.launcher.SlotLayout layout() {
        return new vn.loa.ota.launcher.SlotLayout(dir.resolve("opt"), dir.resolve("var"));
    }

    @Test
    void install_into_an_empty_root_fills_slot_A_points_current_at_it_and_the_launcher_boots_it_committed() throws Exception {
        Path bundle = bundleAndTrust();

        assertThat(install(bundle)).as(err).isZero();

        var layout = layout();
        assertThat(out).contains("verdict", "installed 1.2.0 into " + layout.slot("A"));
        assertThat(layout.currentSlot()).contains("A");
        assertThat(vn.loa.ota.launcher.LauncherState.read(layout.stateFile()))
                .contains(vn.loa.ota.launcher.LauncherState.committed("A", "1.2.0"));
        assertThat(vn.loa.ota.launcher.LaunchSpec.check(layout.slot("A")))
                .isInstanceOf(vn.loa.ota.launcher.LaunchSpec.SlotCheck.Bootable.class);
        assertThat(layout.slot("A").resolve("app/loa-agent-0.1.0.jar")).hasSameBinaryContentAs(jars.resolve("loa-agent-0.1.0.jar"));
        try (var s = Files.list(layout.libStore())) {
            assertThat(s.map(p -> p.getFileName().toString())).hasSize(3).allMatch(n -> n.matches("[0-9a-f]{64}\\.jar"));
        }
        var plan = new vn.loa.ota.launcher.BootPlanner(layout, new vn.loa.ota.launcher.RealFileOps(), 2, () -> "now").plan();
        assertThat(plan).isInstanceOfSatisfying(vn.loa.ota.launcher.BootPlan.Launch.class, l -> {
            assertThat(l.slot()).isEqualTo("A");
            assertThat(l.mode()).isEqualTo(vn.loa.ota.launcher.BootPlan.Mode.COMMITTED);
            assertThat(l.notes()).isEmpty();
        });
    }

    @Test
    void install_takes_the_unzipped_bundle_folder_too() throws Exception {
        Path bundle = bundleAndTrust();
        Path folder = Files.createDirectories(dir.resolve("unzipped"));
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.isDirectory()) continue;
                Path f = folder.resolve(e.getName());
                Files.createDirectories(f.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, f);
                }
            }
        }

        assertThat(install(folder)).as(err).isZero();
        assertThat(layout().currentSlot()).contains("A");
    }

    @Test
    void install_refuses_a_root_that_already_holds_an_installation_and_changes_nothing() throws Exception {
        Path bundle = bundleAndTrust();
        assertThat(install(bundle)).isZero();
        byte[] state = Files.readAllBytes(layout().stateFile());

        assertThat(install(bundle)).isEqualTo(1);

        assertThat(err).contains(layout().current() + " exists (slot A)", "already holds an installation", "nothing changed");
        assertThat(Files.readAllBytes(layout().stateFile())).isEqualTo(state);
    }

    @Test
    void install_refuses_a_bundle_the_trusted_keys_did_not_sign_and_writes_nothing() throws Exception {
        Path bundle = bundleAndTrust();
        assertThat(run("release", "keygen", "--out", dir.resolve("other").toString())).isZero();
        Files.copy(dir.resolve("other/release.pub"), dir.resolve("etc/trust/release.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(install(bundle)).isEqualTo(1);

        assertThat(err).contains("release install: refused:", "nothing installed");
        assertThat(dir.resolve("opt")).doesNotExist();
        assertThat(dir.resolve("var")).doesNotExist();
    }

    @Test
    void install_without_a_trust_folder_says_where_the_keys_go() throws Exception {
        Path bundle = bundleAndTrust();
        assertThat(run("release", "install", bundle.toString(), "--trust", dir.resolve("nowhere").toString(),
                "--root", dir.resolve("opt").toString(), "--state", dir.resolve("var").toString())).isEqualTo(1);
        assertThat(err).contains("--trust " + dir.resolve("nowhere") + " is not a folder; put the release public key(s) *.pub there first");
    }
}
