package vn.loa.agent.lwm2m;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.time.Clock;

/**
 * Checks that an EMERGENCY broadcast item comes from the authority: an Ed25519 signature over the item's
 * {@linkplain #canonicalBytes canonical bytes}, not expired, not too far in the future, and with a nonce not seen
 * before. Outcomes are values ({@link Verdict}).
 *
 * <p>Seen nonces are kept until their not-after passes (at most {@link #MAX_OUTSTANDING_NONCES}), in memory and, when a
 * {@link NonceJournal} is given, on disk, so a replay after a reboot is refused too. A journal that cannot be written
 * is logged and the item still plays (an emergency outranks replay protection). Thread-safe (synchronized).
 */
public final class EmergencyAuthenticator {

    /** The first line of the signed text; a new format gets a new version. */
    public static final String FORMAT = "loa-emergency-v1";
    public static final int MIN_NONCE_BYTES = 8;
    public static final int MAX_NONCE_BYTES = 64;
    public static final int SIGNATURE_BYTES = 64;
    public static final int MAX_OUTSTANDING_NONCES = 4096;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** Whether a signed item may play. */
    public sealed interface Verdict {
        record Accepted() implements Verdict { }

        record Refused(String reason) implements Verdict { }
    }

    private record Seen(String itemId, Instant notAfter) { }

    private final PublicKey authority;
    private final Clock clock;
    private final Duration maxValidity;
    private final Map<String, Seen> nonces = new LinkedHashMap<>();

    private final NonceJournal journal;

    /** Without a journal: seen nonces are forgotten on restart. */
    public EmergencyAuthenticator(PublicKey authority, Clock clock, Duration maxValidity) {
        this(authority, clock, maxValidity, null);
    }

    /** With a journal ({@code null} for none): nonces still valid are loaded now and saved on each acceptance. */
    public EmergencyAuthenticator(PublicKey authority, Clock clock, Duration maxValidity, NonceJournal journal) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxValidity = Objects.requireNonNull(maxValidity, "maxValidity");
        this.journal = journal;
        if (journal != null) {
            Instant now = clock.now();
            for (NonceJournal.Entry e : journal.load()) {
                if (!now.isAfter(e.notAfter())) nonces.put(e.nonceHex(), new Seen(e.itemId(), e.notAfter()));
            }
        }
    }

    /**
     * Parses an Ed25519 public key given as base64 of either the raw 32 bytes or the DER X.509 SubjectPublicKeyInfo
     * (44 bytes). The exception's message says what is wrong.
     */
    public static PublicKey parsePublicKey(String base64) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("authority key is not base64: " + e.getMessage());
        }
        byte[] spki;
        if (b.length == 32) {
            spki = new byte[ED25519_SPKI_PREFIX.length + 32];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(b, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        } else {
            spki = b;
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("authority key is not an Ed25519 public key (raw 32 bytes or X.509 DER, "
                    + "base64) but " + b.length + " bytes");
        }
    }

    /**
     * The exact bytes the authority signs: UTF-8 text, lines ending in LF, no trailing spaces:
     * <pre>
     * loa-emergency-v1
     * id=ITEM_ID
     * level=emergency
     * sources=N
     * source=URI_1        (one line per source, in order)
     * sha256=HEX          (64 lower-case hex digits, or "-" for none)
     * not-after=SECONDS   (Unix epoch seconds, decimal)
     * nonce=HEX           (lower-case hex of the nonce bytes)
     * </pre>
     * A field containing a control character cannot be signed unambiguously and is rejected.
     */
    public static byte[] canonicalBytes(String id, Level level, List<URI> sources, String sha256, Instant notAfter,
                                        byte[] nonce) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(FORMAT).append('\n');
        sb.append("id=").append(clean("id", id)).append('\n');
        sb.append("level=").append(level.lower()).append('\n');
        sb.append("sources=").append(sources.size()).append('\n');
        for (URI u : sources) sb.append("source=").append(clean("source", u.toString())).append('\n');
        sb.append("sha256=").append(sha256 == null || sha256.isEmpty() ? "-" : clean("sha256", sha256)).append('\n');
        sb.append("not-after=").append(notAfter.getEpochSecond()).append('\n');
        sb.append("nonce=").append(HexFormat.of().formatHex(nonce)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String clean(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new IllegalArgumentException(what + " contains a control character and cannot be signed");
            }
        }
        return s;
    }

    /**
     * Decides whether the item may play. On acceptance the nonce is remembered until {@code notAfter}, so the same
     * signed item is refused the second time.
     */
    public synchronized Verdict verify(String id, Level level, List<URI> sources, String sha256, Instant notAfter,
                                       byte[] nonce, byte[] signature) {
        Instant now = clock.now();
        prune(now);
        if (signature == null || signature.length == 0) return refused("no authority signature");
        if (signature.length != SIGNATURE_BYTES) {
            return refused("authority signature has " + signature.length + " bytes, expected " + SIGNATURE_BYTES);
        }
        if (nonce == null || nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
            return refused("nonce must be " + MIN_NONCE_BYTES + ".." + MAX_NONCE_BYTES + " bytes but has "
                    + (nonce == null ? 0 : nonce.length));
        }
        if (notAfter == null || notAfter.getEpochSecond() <= 0) return refused("no not-after (end time) set");
        byte[] signed;
        try {
            signed = canonicalBytes(id, level, sources, sha256, notAfter, nonce);
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(authority);
            s.update(signed);
            ok = s.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) return refused("signature does not verify with the authority key");
        if (now.isAfter(notAfter)) return refused("signature expired at " + notAfter + " (now " + now + ")");
        if (notAfter.isAfter(now.plus(maxValidity))) {
            return refused("not-after " + notAfter + " is more than " + maxValidity.toHours() + " h ahead");
        }
        String key = HexFormat.of().formatHex(nonce);
        Seen seen = nonces.get(key);
        if (seen != null) return refused("nonce " + key + " replays item " + seen.itemId());
        if (nonces.size() >= MAX_OUTSTANDING_NONCES) {
            return refused("more than " + MAX_OUTSTANDING_NONCES + " signed items outstanding");
        }
        nonces.put(key, new Seen(id, notAfter));
        if (journal != null) {
            List<NonceJournal.Entry> entries = new java.util.ArrayList<>();
            nonces.forEach((n, seenItem) -> entries.add(new NonceJournal.Entry(n, seenItem.itemId(), seenItem.notAfter())));
            try {
                journal.save(entries);
            } catch (java.io.IOException e) {
                org.tinylog.Logger.tag("lwm2m").error("cannot save emergency nonce journal {}: {}; item {} plays, a replay "
                        + "after a restart would not be detected", journal.file(), e.getMessage(), id);
            }
        }
        return new Verdict.Accepted();
    }

    private void prune(Instant now) {
        for (Iterator<Seen> it = nonces.values().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().notAfter())) it.remove();
        }
    }

    private static Verdict refused(String reason) {
        return new Verdict.Refused(reason);
    }
}
