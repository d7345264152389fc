package vn.loa.agent.lwm2m;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The station's LwM2M credentials, read from the secrets file (mode 0600, JSON). Exactly one kind is set, matching
 * {@link Lwm2mConfig#security()}: a PSK identity and key, or an RPK key pair and the server's public key, or nothing for
 * NoSec. {@link #toString()} never shows key material. Arrays are copied in and out.
 *
 * <p>File keys: {@code pskIdentity} (UTF-8 text), {@code pskKey} (hex, 16-64 bytes); {@code rpkPrivateKey}
 * (base64 PKCS#8), {@code rpkPublicKey} and {@code serverPublicKey} (base64 X.509 SubjectPublicKeyInfo, EC P-256).
 */
public record Lwm2mSecrets(SecurityMode mode, String pskIdentity, byte[] pskKey, byte[] rpkPrivateKey,
                           byte[] rpkPublicKey, byte[] serverPublicKey) {

    public Lwm2mSecrets {
        Objects.requireNonNull(mode, "mode");
        switch (mode) {
            case PSK -> {
                Objects.requireNonNull(pskIdentity, "pskIdentity");
                Objects.requireNonNull(pskKey, "pskKey");
                if (pskIdentity.isBlank() || pskIdentity.length() > 128) {
                    throw new IllegalArgumentException("pskIdentity must be 1-128 characters");
                }
                if (pskKey.length < 16 || pskKey.length > 64) {
                    throw new IllegalArgumentException("pskKey must be 16-64 bytes but has " + pskKey.length);
                }
                pskKey = pskKey.clone();
            }
            case RPK -> {
                Objects.requireNonNull(rpkPrivateKey, "rpkPrivateKey");
                Objects.requireNonNull(rpkPublicKey, "rpkPublicKey");
                Objects.requireNonNull(serverPublicKey, "serverPublicKey");
                privateKey(rpkPrivateKey, "rpkPrivateKey");
                publicKey(rpkPublicKey, "rpkPublicKey");
                publicKey(serverPublicKey, "serverPublicKey");
                rpkPrivateKey = rpkPrivateKey.clone();
                rpkPublicKey = rpkPublicKey.clone();
                serverPublicKey = serverPublicKey.clone();
            }
            case NOSEC -> { }
        }
    }

    public static Lwm2mSecrets psk(String identity, byte[] key) {
        return new Lwm2mSecrets(SecurityMode.PSK, identity, key, null, null, null);
    }

    public static Lwm2mSecrets rpk(byte[] privateKeyPkcs8, byte[] publicKeyX509, byte[] serverPublicKeyX509) {
        return new Lwm2mSecrets(SecurityMode.RPK, null, null, privateKeyPkcs8, publicKeyX509, serverPublicKeyX509);
    }

    public static Lwm2mSecrets noSec() {
        return new Lwm2mSecrets(SecurityMode.NOSEC, null, null, null, null, null);
    }

    @Override public byte[] pskKey() { return pskKey == null ? null : pskKey.clone(); }
    @Override public byte[] rpkPrivateKey() { return rpkPrivateKey == null ? null : rpkPrivateKey.clone(); }
    @Override public byte[] rpkPublicKey() { return rpkPublicKey == null ? null : rpkPublicKey.clone(); }
    @Override public byte[] serverPublicKey() { return serverPublicKey == null ? null : serverPublicKey.clone(); }

    /**
     * Reads the secrets file for {@code mode}. NoSec needs no file. A missing file, a file others may read, a
     * missing or malformed key: a {@link ConfigException} naming the file and key, never quoting key material.
     */
    public static Lwm2mSecrets read(Path file, SecurityMode mode) throws ConfigException {
        if (mode == SecurityMode.NOSEC) return noSec();
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new ConfigException(List.of(file + ": is readable by others (mode "
                        + PosixFilePermissions.toString(perms) + "); it holds the station's keys: run 'chmod 600 " + file
                        + "'; the agent does not start until then (amplifiers stay off)"));
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (never on a receiver): nothing to check.
        }
        JsonNode root = JsonNode.read(file);
        return from(root, mode);
    }

    /** Parses secrets from their JSON object; problems name the key, never the value. */
    public static Lwm2mSecrets from(JsonNode root, SecurityMode mode) throws ConfigException {
        JsonNode.Problems p = root.problems();
        Lwm2mSecrets s = null;
        switch (mode) {
            case PSK -> {
                String id = root.requiredString("pskIdentity");
                String keyHex = root.requiredString("pskKey");
                byte[] key = null;
                if (!keyHex.isEmpty()) {
                    try {
                        key = HexFormat.of().parseHex(keyHex.trim());
                        if (key.length < 16 || key.length > 64) {
                            root.problem("pskKey", "must be 16-64 bytes (32-128 hex digits) but has " + key.length + " bytes");
                        }
                    } catch (IllegalArgumentException e) {
                        root.problem("pskKey", "must be hex digits (the value is not shown)");
                    }
                }
                if (id.length() > 128) root.problem("pskIdentity", "must be at most 128 characters");
                if (p.isEmpty()) s = psk(id, key);
            }
            case RPK -> {
                byte[] priv = base64(root, "rpkPrivateKey");
                byte[] pub = base64(root, "rpkPublicKey");
                byte[] srv = base64(root, "serverPublicKey");
                if (p.isEmpty()) {
                    try {
                        s = rpk(priv, pub, srv);
                    } catch (IllegalArgumentException e) {
                        root.problem("", e.getMessage());
                    }
                }
            }
            case NOSEC -> s = noSec();
        }
        root.rejectUnknownKeys();
        p.throwIfAny();
        return s;
    }

    private static byte[] base64(JsonNode root, String key) {
        String v = root.requiredString(key);
        if (v.isEmpty()) return null;
        try {
            return Base64.getDecoder().decode(v.trim());
        } catch (IllegalArgumentException e) {
            root.problem(key, "must be base64 (the value is not shown)");
            return null;
        }
    }

    /** The file's JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (mode) {
            case PSK -> {
                m.put("pskIdentity", pskIdentity);
                m.put("pskKey", HexFormat.of().formatHex(pskKey));
            }
            case RPK -> {
                m.put("rpkPrivateKey", Base64.getEncoder().encodeToString(rpkPrivateKey));
                m.put("rpkPublicKey", Base64.getEncoder().encodeToString(rpkPublicKey));
                m.put("serverPublicKey", Base64.getEncoder().encodeToString(serverPublicKey));
            }
            case NOSEC -> { }
        }
        return m;
    }

    static PrivateKey privateKey(byte[] pkcs8, String what) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " is not an EC private key in PKCS#8 (the value is not shown)");
        }
    }

    static PublicKey publicKey(byte[] x509, String what) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(x509));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " is not an EC public key in X.509 SubjectPublicKeyInfo");
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof Lwm2mSecrets s && mode == s.mode && Objects.equals(pskIdentity, s.pskIdentity)
                && Arrays.equals(pskKey, s.pskKey) && Arrays.equals(rpkPrivateKey, s.rpkPrivateKey)
                && Arrays.equals(rpkPublicKey, s.rpkPublicKey) && Arrays.equals(serverPublicKey, s.serverPublicKey);
    }

    @Override public int hashCode() {
        return Objects.hash(mode, pskIdentity, Arrays.hashCode(pskKey), Arrays.hashCode(rpkPublicKey));
    }

    /** Names the mode and PSK identity only; key material is never shown. */
    @Override public String toString() {
        return switch (mode) {
            case PSK -> "Lwm2mSecrets[psk identity=" + pskIdentity + ", key=(hidden)]";
            case RPK -> "Lwm2mSecrets[rpk, private key=(hidden)]";
            case NOSEC -> "Lwm2mSecrets[nosec]";
        };
    }
}
