package vn.loa.ota.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as lower-case hex, the form every manifest and the library store use. */
public final class Sha256 {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data));
    }

    public static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    /** Reads the whole stream (not closed). */
    public static String hex(InputStream in) throws IOException {
        MessageDigest d = newDigest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        return hex(d);
    }

    public static String hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(in);
        }
    }

    /** True for 64 lower-case hex digits. */
    public static boolean isHex(String s) {
        return s != null && HEX64.matcher(s).matches();
    }
}
