package vn.loa.ota.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}, ordered by semver precedence: a
 * pre-release sorts before its release, build metadata is ignored for ordering (but kept for display).
 */
public record Version(int major, int minor, int patch, String preRelease, String build) implements Comparable<Version> {

    private static final Pattern FORM = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "." + patch);
        }
        preRelease = preRelease == null ? "" : preRelease;
        build = build == null ? "" : build;
    }

    /** Parses a semantic version; the message quotes the bad text. */
    public static Version parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a semantic version like 1.2.3 or 1.2.3-rc.1: '" + text + "'");
        }
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4), m.group(5));
    }

    @Override public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        List<String> a = List.of(preRelease.split("\\."));
        List<String> b = List.of(o.preRelease.split("\\."));
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareIdentifier(String x, String y) {
        boolean nx = x.chars().allMatch(Character::isDigit);
        boolean ny = y.chars().allMatch(Character::isDigit);
        if (nx && ny) return new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y));
        if (nx != ny) return nx ? -1 : 1;
        return x.compareTo(y);
    }

    public boolean isNewerThan(Version o) {
        return compareTo(o) > 0;
    }

    @Override public String toString() {
        List<String> s = new ArrayList<>();
        s.add(major + "." + minor + "." + patch);
        if (!preRelease.isEmpty()) s.add("-" + preRelease);
        if (!build.isEmpty()) s.add("+" + build);
        return String.join("", s);
    }
}
