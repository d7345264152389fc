package vn.loa.ota.bundle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * What a bundle says about itself ({@code manifest.json}). The signature covers the exact bytes of that file,
 * so {@link #toJson()} is only used when building; a device verifies the bytes it received and then parses
 * them with {@link #parse(byte[], String)}.
 *
 * @param version           the application's semantic version
 * @param minLauncherVersion the oldest launcher that can start it
 * @param boards            board names it runs on ({@code "*"}: any)
 * @param created           when the release tool built it
 * @param expires           after this instant a device refuses it (absent: never)
 * @param allowDowngrade    signed permission to install over a newer version (a deliberate rollback release)
 * @param mainClass         the class the launcher starts
 * @param app               the application jar
 * @param libs              every library jar, in class-path order
 * @param signedBy          id of the release key that signed {@code manifest.json}
 * @param endorsements      key rotation chain, from a key the device may trust to {@code signedBy}
 */
public record Manifest(Version version, Version minLauncherVersion, List<String> boards, Instant created,
                       Optional<Instant> expires, boolean allowDowngrade, String mainClass, BundleFile app,
                       List<BundleFile> libs, String signedBy, List<KeyEndorsement> endorsements) {

    public static final int FORMAT = 1;
    public static final String FILE = "manifest.json";
    public static final String SIGNATURE_FILE = "manifest.sig";
    public static final String ANY_BOARD = "*";

    public Manifest {
        boards = List.copyOf(boards);
        libs = List.copyOf(libs);
        endorsements = List.copyOf(endorsements);
        if (boards.isEmpty()) throw new IllegalArgumentException("boards must name at least one board (or \"*\")");
        if (!app.isApp()) throw new IllegalArgumentException("app '" + app.path() + "' must be under app/");
        Set<String> seen = new HashSet<>(Set.of(app.path()));
        for (BundleFile l : libs) {
            if (l.isApp()) throw new IllegalArgumentException("library '" + l.path() + "' must be under lib/");
            if (!seen.add(l.path())) throw new IllegalArgumentException("library '" + l.path() + "' is listed twice");
        }
        if (mainClass == null || !mainClass.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new IllegalArgumentException("mainClass '" + mainClass + "' is not a Java class name");
        }
        if (signedBy == null || !signedBy.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("signedBy '" + signedBy + "' must be a key id of 16 hex digits");
        }
    }

    /** The app jar first, then the libraries, in class-path order. */
    public List<BundleFile> files() {
        List<BundleFile> all = new ArrayList<>();
        all.add(app);
        all.addAll(libs);
        return all;
    }

    public long totalBytes() {
        return files().stream().mapToLong(BundleFile::size).sum();
    }

    public boolean runsOn(String board) {
        return boards.contains(ANY_BOARD) || boards.contains(board);
    }

    /** Canonical JSON (fixed key order, two-space indent, UTF-8). */
    public byte[] toJson() {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"format\": ").append(FORMAT).append(",\n");
        b.append("  \"version\": ").append(q(version.toString())).append(",\n");
        b.append("  \"minLauncherVersion\": ").append(q(minLauncherVersion.toString())).append(",\n");
        b.append("  \"boards\": [").append(String.join(", ", boards.stream().map(Manifest::q).toList())).append("],\n");
        b.append("  \"created\": ").append(q(created.toString())).append(",\n");
        expires.ifPresent(e -> b.append("  \"expires\": ").append(q(e.toString())).append(",\n"));
        b.append("  \"allowDowngrade\": ").append(allowDowngrade).append(",\n");
        b.append("  \"mainClass\": ").append(q(mainClass)).append(",\n");
        b.append("  \"app\": ").append(file(app)).append(",\n");
        b.append("  \"libs\": [");
        for (int i = 0; i < libs.size(); i++) b.append(i == 0 ? "\n    " : ",\n    ").append(file(libs.get(i)));
        b.append(libs.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"signedBy\": ").append(q(signedBy));
        if (!endorsements.isEmpty()) {
            b.append(",\n  \"keyEndorsements\": [");
            for (int i = 0; i < endorsements.size(); i++) {
                KeyEndorsement e = endorsements.get(i);
                b.append(i == 0 ? "\n    " : ",\n    ").append("{\"key\": ").append(q(e.key()))
                        .append(", \"endorsedBy\": ").append(q(e.endorsedBy()))
                        .append(", \"signature\": ").append(q(e.signature())).append('}');
            }
            b.append("\n  ]");
        }
        b.append("\n}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String file(BundleFile f) {
        return "{\"path\": " + q(f.path()) + ", \"sha256\": " + q(f.sha256()) + ", \"size\": " + f.size() + "}";
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Parses manifest bytes strictly: unknown keys, a wrong format number, bad versions, paths, hashes and
     * dates are all reported at once, each with its JSON path, in one {@link ConfigException}.
     */
    public static Manifest parse(byte[] json, String source) throws ConfigException {
        JsonNode root = JsonNode.parse(new String(json, StandardCharsets.UTF_8), source);
        long format = root.integer("format", -1, 0, Integer.MAX_VALUE);
        if (!root.has("format")) root.problem("format", "is required");
        else if (format != FORMAT && format != -1) root.problem("format", format + " is not supported (this device reads format " + FORMAT + ")");
        Version version = root.parsed("version", null, Manifest::version);
        if (!root.has("version")) root.problem("version", "is required");
        Version minLauncher = root.parsed("minLauncherVersion", null, Manifest::version);
        if (!root.has("minLauncherVersion")) root.problem("minLauncherVersion", "is required");
        List<String> boards = new ArrayList<>();
        for (JsonNode b : root.array("boards")) b.asString().ifPresent(boards::add);
        if (boards.isEmpty()) root.problem("boards", "must list at least one board (or \"*\")");
        Instant created = root.parsed("created", null, Manifest::instant);
        if (!root.has("created")) root.problem("created", "is required");
        Optional<Instant> expires = Optional.ofNullable(root.parsed("expires", null, Manifest::instant));
        boolean downgrade = root.bool("allowDowngrade", false);
        String mainClass = root.requiredString("mainClass");
        BundleFile app = file(root.object("app"), root.has("app"));
        List<BundleFile> libs = new ArrayList<>();
        for (JsonNode l : root.array("libs")) {
            BundleFile f = file(l, true);
            if (f != null) libs.add(f);
        }
        String signedBy = root.requiredString("signedBy");
        List<KeyEndorsement> endorsements = new ArrayList<>();
        for (JsonNode e : root.array("keyEndorsements")) {
            String key = e.requiredString("key");
            String by = e.requiredString("endorsedBy");
            String sig = e.requiredString("signature");
            e.rejectUnknownKeys();
            try {
                endorsements.add(new KeyEndorsement(key, by, sig));
            } catch (IllegalArgumentException x) {
                e.problem("", x.getMessage());
            }
        }
        root.rejectUnknownKeys();
        root.problems().throwIfAny();
        try {
            return new Manifest(version, minLauncher, boards, created, expires, downgrade, mainClass, app, libs,
                    signedBy, endorsements);
        } catch (IllegalArgumentException | NullPointerException e) {
            root.problem("", e.getMessage() == null ? "is incomplete" : e.getMessage());
            root.problems().throwIfAny();
            throw e;
        }
    }

    private static BundleFile file(JsonNode n, boolean present) {
        if (!present) {
            n.problem("", "is required");
            return null;
        }
        int before = n.problems().all().size();
        String path = n.requiredString("path");
        String sha = n.requiredString("sha256");
        long size = n.integer("size", -1, 0, Long.MAX_VALUE);
        if (!n.has("size")) n.problem("size", "is required");
        n.rejectUnknownKeys();
        if (n.problems().all().size() > before) return null;
        try {
            return new BundleFile(path, sha, size);
        } catch (IllegalArgumentException e) {
            n.problem("", e.getMessage());
            return null;
        }
    }

    private static Version version(String s) {
        try {
            return Version.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a semantic version like 1.2.3 or 1.2.3-rc.1");
        }
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO-8601 UTC instant like 2026-01-05T01:00:00Z");
        }
    }
}
