package vn.loa.ota.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleVerifierTest {

    @TempDir Path dir;
    KeyPair release;
    TrustStore trust;
    final BundleVerifier verifier = new BundleVerifier();

    @BeforeEach
    void keys() {
        release = ReleaseKeys.generate();
        trust = TrustStore.of(List.of(release.getPublic()));
    }

    private VerifyPolicy device() {
        return VerifyPolicy.builder(trust).board("raspberry-pi-4").launcherVersion(Version.parse("1.0.0"))
                .installed(Version.parse("1.1.0")).now(Instant.parse("2026-02-01T00:00:00Z")).build();
    }

    private Verification verify(Path zip, VerifyPolicy p) throws Exception {
        try (ZipBundle b = new ZipBundle(zip)) {
            return verifier.verify(b, p);
        }
    }

    private Path good() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", release).writeZip(zip);
        return zip;
    }

    private Verification.Refused refused(Verification v) {
        assertThat(v).isInstanceOf(Verification.Refused.class);
        return (Verification.Refused) v;
    }

    @Test
    void a_good_bundle_passes_every_check() throws Exception {
        Verification v = verify(good(), device());
        assertThat(v).isInstanceOf(Verification.Accepted.class);
        assertThat(v.checks()).extracting(Check::name).containsExactly("manifest", "key chain", "signature", "launcher",
                "board", "version", "expiry", "app/loa-agent.jar", "lib/loa-hal.jar", "lib/tinylog.jar", "contents");
        assertThat(v.checks()).allMatch(c -> c.outcome() == Check.Outcome.PASSED);
        Manifest m = ((Verification.Accepted) v).manifest();
        assertThat(m.version()).hasToString("1.2.0");
        assertThat(m.libs()).extracting(BundleFile::size).containsExactly(30_000L, 70_000L);
    }

    @Test
    void a_tampered_jar_is_refused_naming_the_jar() throws Exception {
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"),
                Map.of("lib/loa-hal.jar", b -> { b[100] ^= 1; return b; }), Map.of());
        Verification.Refused r = refused(verify(bad, device()));
        assertThat(r.kind()).isEqualTo(Verification.Kind.INTEGRITY);
        assertThat(r.reason()).startsWith("lib/loa-hal.jar: sha256 ").endsWith("(altered jar)");
    }

    @Test
    void a_jar_of_another_size_is_refused() throws Exception {
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"),
                Map.of("app/loa-agent.jar", b -> java.util.Arrays.copyOf(b, 10)), Map.of());
        assertThat(refused(verify(bad, device())).reason())
                .isEqualTo("app/loa-agent.jar: has 10 bytes but the manifest says 20000");
    }

    @Test
    void a_tampered_manifest_fails_the_signature() throws Exception {
        UnaryOperator<byte[]> bump = b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"version\": \"1.2.0\"", "\"version\": \"9.9.9\"").getBytes(StandardCharsets.UTF_8);
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"), Map.of(Manifest.FILE, bump), Map.of());
        Verification.Refused r = refused(verify(bad, device()));
        assertThat(r.kind()).isEqualTo(Verification.Kind.INTEGRITY);
        assertThat(r.reason()).startsWith("signature: Ed25519 signature by key " + ReleaseKeys.keyId(release.getPublic()))
                .endsWith("does not match manifest.json (manifest altered, or signed with another key)");
    }

    @Test
    void a_bundle_signed_by_an_untrusted_key_is_refused() throws Exception {
        trust = TrustStore.of(List.of(ReleaseKeys.generate().getPublic()));
        Verification.Refused r = refused(verify(good(), device()));
        assertThat(r.reason()).startsWith("signature: signed by key " + ReleaseKeys.keyId(release.getPublic())
                + ", which this device does not trust (trusted: " + trust.keyIds().get(0) + ")");
    }

    @Test
    void a_missing_signature_is_refused() throws Exception {
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"), Map.of(Manifest.SIGNATURE_FILE, b -> null), Map.of());
        assertThat(refused(verify(bad, device())).reason()).isEqualTo("signature: manifest.sig is missing: the bundle is not signed");
    }

    @Test
    void a_key_rotated_by_a_trusted_key_is_accepted_and_reported_as_newly_trusted() throws Exception {
        KeyPair next = ReleaseKeys.generate();
        Path zip = dir.resolve("rotated.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", next)
                .endorsement(ReleaseKeys.endorse(release.getPrivate(), release.getPublic(), next.getPublic()))
                .writeZip(zip);
        Verification v = verify(zip, device());
        assertThat(v).isInstanceOf(Verification.Accepted.class);
        assertThat(((Verification.Accepted) v).newlyTrusted()).containsExactly(next.getPublic());
        assertThat(v.checks().get(1).detail()).isEqualTo("rotation " + ReleaseKeys.keyId(release.getPublic()) + " -> "
                + ReleaseKeys.keyId(next.getPublic()));
        assertThat(v.checks().get(2).detail()).endsWith("(trusted through key rotation)");
    }

    @Test
    void a_two_step_rotation_chain_is_followed() throws Exception {
        KeyPair k2 = ReleaseKeys.generate();
        KeyPair k3 = ReleaseKeys.generate();
        Path zip = dir.resolve("rotated.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", k3)
                .endorsement(ReleaseKeys.endorse(release.getPrivate(), release.getPublic(), k2.getPublic()))
                .endorsement(ReleaseKeys.endorse(k2.getPrivate(), k2.getPublic(), k3.getPublic()))
                .writeZip(zip);
        Verification v = verify(zip, device());
        assertThat(v).isInstanceOf(Verification.Accepted.class);
        assertThat(((Verification.Accepted) v).newlyTrusted()).containsExactly(k2.getPublic(), k3.getPublic());
    }

    @Test
    void a_rotation_endorsed_by_an_untrusted_key_is_refused() throws Exception {
        KeyPair rogue = ReleaseKeys.generate();
        KeyPair next = ReleaseKeys.generate();
        Path zip = dir.resolve("rotated.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", next)
                .endorsement(ReleaseKeys.endorse(rogue.getPrivate(), rogue.getPublic(), next.getPublic()))
                .writeZip(zip);
        Verification.Refused r = refused(verify(zip, device()));
        assertThat(r.reason()).isEqualTo("key chain: keyEndorsements[0] endorses key " + ReleaseKeys.keyId(next.getPublic())
                + " by key " + ReleaseKeys.keyId(rogue.getPublic()) + ", which this device does not trust");
        assertThat(r.kind()).isEqualTo(Verification.Kind.INTEGRITY);
    }

    @Test
    void a_forged_endorsement_signature_is_refused() throws Exception {
        KeyPair rogue = ReleaseKeys.generate();
        KeyPair next = ReleaseKeys.generate();
        KeyEndorsement forged = ReleaseKeys.endorse(rogue.getPrivate(), rogue.getPublic(), next.getPublic());
        forged = new KeyEndorsement(forged.key(), ReleaseKeys.keyId(release.getPublic()), forged.signature());
        Path zip = dir.resolve("rotated.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", next).endorsement(forged).writeZip(zip);
        assertThat(refused(verify(zip, device())).reason()).endsWith("has a bad signature");
    }

    @Test
    void a_downgrade_is_refused_unless_the_bundle_is_a_signed_downgrade() throws Exception {
        Path zip = dir.resolve("old.zip");
        TestBundles.builder(dir.resolve("jars"), "1.0.5", release).writeZip(zip);
        Verification.Refused r = refused(verify(zip, device()));
        assertThat(r.kind()).isEqualTo(Verification.Kind.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("version: 1.0.5 is not newer than installed 1.1.0 and the bundle does not allow a downgrade");

        Path signedDowngrade = dir.resolve("rollback.zip");
        TestBundles.builder(dir.resolve("jars"), "1.0.5", release).allowDowngrade(true).writeZip(signedDowngrade);
        Verification v = verify(signedDowngrade, device());
        assertThat(v).isInstanceOf(Verification.Accepted.class);
        assertThat(v.checks().get(5).detail()).isEqualTo("1.0.5 replaces installed 1.1.0 (signed downgrade)");
    }

    @Test
    void the_same_version_again_is_refused() throws Exception {
        Path zip = dir.resolve("same.zip");
        TestBundles.builder(dir.resolve("jars"), "1.1.0", release).writeZip(zip);
        assertThat(refused(verify(zip, device())).reason()).startsWith("version: 1.1.0 is not newer than installed 1.1.0");
    }

    @Test
    void a_bundle_for_another_board_is_refused() throws Exception {
        Path zip = dir.resolve("b.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", release).boards(List.of("orange-pi-zero")).writeZip(zip);
        Verification.Refused r = refused(verify(zip, device()));
        assertThat(r.kind()).isEqualTo(Verification.Kind.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("board: built for [orange-pi-zero], not for this board 'raspberry-pi-4'");
    }

    @Test
    void a_bundle_needing_a_newer_launcher_is_refused() throws Exception {
        Path zip = dir.resolve("b.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", release).minLauncher(Version.parse("2.0.0")).writeZip(zip);
        assertThat(refused(verify(zip, device())).reason())
                .isEqualTo("launcher: needs launcher 2.0.0 or newer but this device has 1.0.0");
    }

    @Test
    void an_expired_bundle_is_refused() throws Exception {
        Path zip = dir.resolve("b.zip");
        TestBundles.builder(dir.resolve("jars"), "1.2.0", release).expires(Instant.parse("2026-01-31T00:00:00Z")).writeZip(zip);
        assertThat(refused(verify(zip, device())).reason())
                .isEqualTo("expiry: expired at 2026-01-31T00:00:00Z (now 2026-02-01T00:00:00Z)");
    }

    @Test
    void an_unlisted_file_is_refused() throws Exception {
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"), Map.of(), Map.of("lib/evil.jar", new byte[] {1}));
        assertThat(refused(verify(bad, device())).reason()).isEqualTo("contents: files not in the manifest: [lib/evil.jar]");
    }

    @Test
    void every_failure_is_listed_not_only_the_first() throws Exception {
        Path zip = dir.resolve("b.zip");
        TestBundles.builder(dir.resolve("jars"), "1.0.0", release).boards(List.of("x")).writeZip(zip);
        Verification v = verify(zip, device());
        assertThat(v.checks()).filteredOn(Check::failed).extracting(Check::name).containsExactly("board", "version");
    }

    @Test
    void without_device_facts_those_checks_are_reported_as_not_checked() throws Exception {
        Verification v = verify(good(), VerifyPolicy.builder(trust).build());
        assertThat(v).isInstanceOf(Verification.Accepted.class);
        assertThat(v.checks()).filteredOn(c -> c.outcome() == Check.Outcome.NOT_CHECKED).extracting(Check::name)
                .containsExactly("launcher", "board", "version");
    }

    @Test
    void a_zip_without_manifest_is_not_a_bundle() throws Exception {
        Path bad = TestBundles.rewrite(good(), dir.resolve("bad.zip"), Map.of(Manifest.FILE, b -> null), Map.of());
        assertThat(refused(verify(bad, device())).reason()).isEqualTo("manifest: manifest.json is missing: not a Loa bundle");
    }
}
