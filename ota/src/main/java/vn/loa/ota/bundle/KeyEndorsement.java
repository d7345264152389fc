package vn.loa.ota.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One step of a key rotation: {@code key} (an X.509-encoded Ed25519 public key, Base64) is endorsed by the
 * release key whose id is {@code endorsedBy}, which signed {@link #signedText(String)} with it. A bundle
 * carries the chain from a key the device trusts to the key that signed it.
 */
public record KeyEndorsement(String key, String endorsedBy, String signature) {

    public KeyEndorsement {
        requireBase64("key", key);
        requireBase64("signature", signature);
        if (endorsedBy == null || !endorsedBy.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("endorsedBy '" + endorsedBy + "' must be a key id of 16 hex digits");
        }
    }

    private static void requireBase64(String what, String v) {
        try {
            if (v == null || v.isEmpty()) throw new IllegalArgumentException("empty");
            Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + abbreviate(v) + "' is not Base64");
        }
    }

    private static String abbreviate(String v) {
        return v == null ? "null" : v.length() > 24 ? v.substring(0, 24) + "..." : v;
    }

    /** The bytes an old key signs to endorse {@code keyBase64}; domain-separated from manifest signatures. */
    public static byte[] signedText(String keyBase64) {
        return ("loa-ota key endorsement v1\n" + keyBase64).getBytes(StandardCharsets.US_ASCII);
    }
}
