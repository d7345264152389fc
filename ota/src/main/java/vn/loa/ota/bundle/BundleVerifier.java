package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.loa.hal.json.ConfigException;

/**
 * Checks a bundle against a {@link VerifyPolicy}: manifest, key rotation chain, Ed25519 signature over the
 * exact manifest bytes, launcher version, board, anti-downgrade, expiry, every jar's size and SHA-256, and
 * that nothing unlisted rides along. Runs every check it can (so a person sees all that is wrong), and
 * refuses with the first failure as the reason. Stateless and thread-safe; reads every jar once.
 */
public final class BundleVerifier {

    private static final Set<String> CONTROL_FILES = Set.of(Manifest.FILE, Manifest.SIGNATURE_FILE);

    /** Checks a whole bundle: the manifest checks of {@link #verifyManifest}, then every jar and the contents. */
    public Verification verify(BundleContent content, VerifyPolicy policy) throws IOException {
        Head h = head(content.readAll(Manifest.FILE), content.readAll(Manifest.SIGNATURE_FILE), policy);
        if (h.manifest() == null) return refuse(h.checks());
        return filesAndVerdict(content, h.manifest(), new ArrayList<>(h.checks()), h.newlyTrusted());
    }

    /** The manifest checks, with the parsed manifest when it could be parsed (even if a later check failed). */
    private record Head(Manifest manifest, List<Check> checks, List<PublicKey> newlyTrusted) { }

    /**
     * Checks only the manifest and its signature (format, key chain, signature, launcher, board, version,
     * expiry), so a device can refuse a bundle before downloading any jar. An accepted result here says
     * nothing yet about the jars.
     */
    public Verification verifyManifest(Optional<byte[]> manifestBytes, Optional<byte[]> sigText, VerifyPolicy policy) {
        Head h = head(manifestBytes, sigText, policy);
        if (h.checks().stream().anyMatch(Check::failed)) return refuse(h.checks());
        return new Verification.Accepted(h.manifest(), h.checks(), h.newlyTrusted());
    }

    private Head head(Optional<byte[]> manifestBytes, Optional<byte[]> sigText, VerifyPolicy policy) {
        List<Check> checks = new ArrayList<>();
        if (manifestBytes.isEmpty()) {
            checks.add(Check.fail("manifest", Manifest.FILE + " is missing: not a Loa bundle"));
            return new Head(null, checks, List.of());
        }
        Manifest m;
        try {
            m = Manifest.parse(manifestBytes.get(), Manifest.FILE);
            checks.add(Check.pass("manifest", "version " + m.version() + ", " + m.files().size() + " jars, "
                    + m.totalBytes() + " bytes, created " + m.created()));
        } catch (ConfigException e) {
            checks.add(Check.fail("manifest", String.join("; ", e.problems())));
            return new Head(null, checks, List.of());
        }

        TrustStore trust = policy.trust();
        List<PublicKey> newly = new ArrayList<>();
        boolean chainOk = true;
        if (m.endorsements().isEmpty()) {
            checks.add(Check.pass("key chain", "no key rotation in this bundle"));
        } else {
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < m.endorsements().size() && chainOk; i++) {
                KeyEndorsement e = m.endorsements().get(i);
                Optional<PublicKey> endorser = trust.key(e.endorsedBy());
                PublicKey next;
                try {
                    next = ReleaseKeys.publicKeyFromBase64(e.key());
                } catch (InvalidKeyException x) {
                    checks.add(Check.fail("key chain", "keyEndorsements[" + i + "].key " + x.getMessage()));
                    chainOk = false;
                    break;
                }
                String nextId = ReleaseKeys.keyId(next);
                if (endorser.isEmpty()) {
                    checks.add(Check.fail("key chain", "keyEndorsements[" + i + "] endorses key " + nextId
                            + " by key " + e.endorsedBy() + ", which this device does not trust"));
                    chainOk = false;
                } else if (!ReleaseKeys.verify(endorser.get(), KeyEndorsement.signedText(e.key()), decode(e.signature()))) {
                    checks.add(Check.fail("key chain", "keyEndorsements[" + i + "] endorsement of key " + nextId
                            + " by key " + e.endorsedBy() + " has a bad signature"));
                    chainOk = false;
                } else {
                    if (!trust.trusts(nextId)) newly.add(next);
                    trust = trust.with(next);
                    steps.add(e.endorsedBy() + " -> " + nextId);
                }
            }
            if (chainOk) checks.add(Check.pass("key chain", "rotation " + String.join(", ", steps)));
        }

        Optional<PublicKey> signer = trust.key(m.signedBy());
        if (sigText.isEmpty()) {
            checks.add(Check.fail("signature", Manifest.SIGNATURE_FILE + " is missing: the bundle is not signed"));
        } else if (signer.isEmpty()) {
            checks.add(Check.fail("signature", "signed by key " + m.signedBy() + ", which this device does not trust"
                    + " (trusted: " + String.join(", ", policy.trust().keyIds()) + ")"));
        } else if (!ReleaseKeys.verify(signer.get(), manifestBytes.get(), decode(new String(sigText.get(), StandardCharsets.US_ASCII).trim()))) {
            checks.add(Check.fail("signature", "Ed25519 signature by key " + m.signedBy()
                    + " does not match " + Manifest.FILE + " (manifest altered, or signed with another key)"));
        } else {
            checks.add(Check.pass("signature", "Ed25519 by key " + m.signedBy()
                    + (policy.trust().trusts(m.signedBy()) ? " (trusted)" : " (trusted through key rotation)")));
        }

        if (policy.launcherVersion().isEmpty()) {
            checks.add(Check.skipped("launcher", "needs launcher " + m.minLauncherVersion() + " or newer; not checked here"));
        } else if (policy.launcherVersion().get().compareTo(m.minLauncherVersion()) < 0) {
            checks.add(Check.fail("launcher", "needs launcher " + m.minLauncherVersion() + " or newer but this device has "
                    + policy.launcherVersion().get()));
        } else {
            checks.add(Check.pass("launcher", "needs " + m.minLauncherVersion() + ", device has " + policy.launcherVersion().get()));
        }

        if (policy.board().isEmpty()) {
            checks.add(Check.skipped("board", "for " + m.boards() + "; not checked here"));
        } else if (!m.runsOn(policy.board().get())) {
            checks.add(Check.fail("board", "built for " + m.boards() + ", not for this board '" + policy.board().get() + "'"));
        } else {
            checks.add(Check.pass("board", "'" + policy.board().get() + "' is in " + m.boards()));
        }

        if (policy.installed().isEmpty()) {
            checks.add(Check.skipped("version", m.version() + "; no installed version to compare with"));
        } else {
            Version inst = policy.installed().get();
            if (m.version().isNewerThan(inst)) {
                checks.add(Check.pass("version", m.version() + " is newer than installed " + inst));
            } else if (m.allowDowngrade()) {
                checks.add(Check.pass("version", m.version() + " replaces installed " + inst + " (signed downgrade)"));
            } else {
                checks.add(Check.fail("version", m.version() + " is not newer than installed " + inst
                        + " and the bundle does not allow a downgrade"));
            }
        }

        if (m.expires().isEmpty()) {
            checks.add(Check.pass("expiry", "does not expire"));
        } else if (policy.now().isEmpty()) {
            checks.add(Check.skipped("expiry", "expires " + m.expires().get() + "; not checked here"));
        } else if (!policy.now().get().isBefore(m.expires().get())) {
            checks.add(Check.fail("expiry", "expired at " + m.expires().get() + " (now " + policy.now().get() + ")"));
        } else {
            checks.add(Check.pass("expiry", "valid until " + m.expires().get()));
        }
        return new Head(m, checks, newly);
    }

    private Verification filesAndVerdict(BundleContent content, Manifest m, List<Check> checks, List<PublicKey> newly)
            throws IOException {
        for (BundleFile f : m.files()) checks.add(checkFile(content, f));

        Set<String> listed = new HashSet<>(CONTROL_FILES);
        m.files().forEach(f -> listed.add(f.path()));
        List<String> extra = content.paths().stream().filter(p -> !listed.contains(p)).sorted().toList();
        checks.add(extra.isEmpty() ? Check.pass("contents", "nothing unlisted")
                : Check.fail("contents", "files not in the manifest: " + extra));

        if (checks.stream().anyMatch(Check::failed)) return refuse(checks);
        return new Verification.Accepted(m, checks, newly);
    }

    private static Check checkFile(BundleContent content, BundleFile f) throws IOException {
        Optional<InputStream> in = content.open(f.path());
        if (in.isEmpty()) return Check.fail(f.path(), "is missing from the bundle");
        long size = 0;
        MessageDigest d = Sha256.newDigest();
        try (InputStream s = in.get()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = s.read(buf)) > 0; ) {
                d.update(buf, 0, n);
                size += n;
            }
        }
        String sha = Sha256.hex(d);
        if (size != f.size()) return Check.fail(f.path(), "has " + size + " bytes but the manifest says " + f.size());
        if (!sha.equals(f.sha256())) {
            return Check.fail(f.path(), "sha256 " + sha + " differs from the manifest's " + f.sha256() + " (altered jar)");
        }
        return Check.pass(f.path(), size + " bytes, sha256 " + sha.substring(0, 16) + "...");
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static Verification refuse(List<Check> checks) {
        Check first = checks.stream().filter(Check::failed).findFirst().orElseThrow();
        Verification.Kind kind = switch (first.name()) {
            case "launcher", "board", "version", "expiry" -> Verification.Kind.UNSUPPORTED;
            default -> Verification.Kind.INTEGRITY;
        };
        return new Verification.Refused(kind, first.name() + ": " + first.detail(), checks);
    }
}
