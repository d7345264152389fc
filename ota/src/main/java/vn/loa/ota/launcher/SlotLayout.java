package vn.loa.ota.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where things live on a device. Defaults: {@code root} {@code /opt/loa} with {@code slots/A}, {@code slots/B},
 * {@code current -> slots/A} and the library store {@code lib/<sha256>.jar}; {@code stateDir}
 * {@code /var/lib/loa/ota} with {@code launcher.properties} and the download chunks. Tests pass temp folders.
 */
public record SlotLayout(Path root, Path stateDir) {

    public static final List<String> SLOTS = List.of("A", "B");
    public static final Path DEFAULT_ROOT = Path.of("/opt/loa");
    public static final Path DEFAULT_STATE = Path.of("/var/lib/loa/ota");

    public SlotLayout {
        root = root.toAbsolutePath();
        stateDir = stateDir.toAbsolutePath();
    }

    public Path slot(String name) {
        if (!SLOTS.contains(name)) throw new IllegalArgumentException("slot '" + name + "' is not one of " + SLOTS);
        return root.resolve("slots").resolve(name);
    }

    public static String other(String slot) {
        return slot.equals("A") ? "B" : "A";
    }

    public Path current() {
        return root.resolve("current");
    }

    public Path libStore() {
        return root.resolve("lib");
    }

    public Path libJar(String sha256) {
        return libStore().resolve(sha256 + ".jar");
    }

    public Path stateFile() {
        return stateDir.resolve("launcher.properties");
    }

    public Path downloads() {
        return stateDir.resolve("download");
    }

    /** The slot {@code current} points at, or empty when it is missing or points elsewhere. */
    public Optional<String> currentSlot() throws IOException {
        Path c = current();
        if (!Files.isSymbolicLink(c)) return Optional.empty();
        Path target = Files.readSymbolicLink(c);
        Path resolved = c.getParent().resolve(target).normalize();
        for (String s : SLOTS) {
            if (resolved.equals(slot(s).normalize())) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** The relative target {@code current} uses for {@code slot}: {@code slots/A}. */
    public static Path relativeTarget(String slot) {
        return Path.of("slots", slot);
    }

    /** True when the path exists without following a final symlink. */
    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
