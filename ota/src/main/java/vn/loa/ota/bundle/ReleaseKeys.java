package vn.loa.ota.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 release keys with the JDK's built-in EdDSA: generation, PEM files (public: X.509
 * {@code PUBLIC KEY}; private: PKCS#8 {@code PRIVATE KEY}), key ids, signing and verification.
 * Error messages name the file, never its content: a private key is never printed.
 */
public final class ReleaseKeys {

    public static final String ALGORITHM = "Ed25519";
    private static final String PUB = "PUBLIC KEY";
    private static final String PRIV = "PRIVATE KEY";

    private ReleaseKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** The first 8 bytes of SHA-256 over the X.509 encoding, in hex: short, stable, printable. */
    public static String keyId(PublicKey key) {
        return Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    public static String toBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Decodes an X.509-encoded Ed25519 public key given in Base64. */
    public static PublicKey publicKeyFromBase64(String b64) throws InvalidKeyException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InvalidKeyException("not an Ed25519 public key (X.509, Base64)");
        }
    }

    public static String pem(PublicKey key) {
        return pem(PUB, key.getEncoded());
    }

    public static String pem(PrivateKey key) {
        return pem(PRIV, key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static PublicKey readPublic(Path file) throws IOException, InvalidKeyException {
        byte[] der = readPem(file, PUB);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException(file + ": is not an Ed25519 public key");
        }
    }

    public static PrivateKey readPrivate(Path file) throws IOException, InvalidKeyException {
        byte[] der = readPem(file, PRIV);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException(file + ": is not an Ed25519 private key");
        }
    }

    private static byte[] readPem(Path file, String type) throws IOException, InvalidKeyException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new InvalidKeyException(file + ": expected a PEM '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException x) {
            throw new InvalidKeyException(file + ": the PEM block is not valid Base64");
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** False for a bad signature, a malformed one or a key of the wrong kind. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** Endorses {@code newKey} with {@code oldPrivate} (whose public key is {@code oldPublic}). */
    public static KeyEndorsement endorse(PrivateKey oldPrivate, PublicKey oldPublic, PublicKey newKey) {
        String b64 = toBase64(newKey);
        byte[] sig = sign(oldPrivate, KeyEndorsement.signedText(b64));
        return new KeyEndorsement(b64, keyId(oldPublic), Base64.getEncoder().encodeToString(sig));
    }
}
