package vn.loa.ota.bundle;

import java.util.regex.Pattern;

/**
 * One jar of a bundle: its path inside the bundle ({@code app/NAME.jar} or {@code lib/NAME.jar}), its SHA-256
 * and its size in bytes. On the device every jar is stored once under {@code lib/<sha256>.jar}.
 */
public record BundleFile(String path, String sha256, long size) {

    private static final Pattern PATH = Pattern.compile("(app|lib)/[A-Za-z0-9][A-Za-z0-9._+-]{0,120}\\.jar");

    public BundleFile {
        if (path == null || !PATH.matcher(path).matches() || path.contains("..")) {
            throw new IllegalArgumentException("path '" + path + "' must be app/NAME.jar or lib/NAME.jar (letters, digits, . _ + -)");
        }
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' must be 64 lower-case hex digits");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " must not be negative");
        }
    }

    public boolean isApp() {
        return path.startsWith("app/");
    }

    /** The file name without the folder. */
    public String name() {
        return path.substring(path.indexOf('/') + 1);
    }
}
