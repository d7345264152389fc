package vn.loa.agent.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content cache's stored bulletins match their names: each file {@code DIR/SHA256} is hashed again. A mismatch
 * is a failure (the cache drops such a file when it is looked up, so the bulletin would be fetched again, or fail
 * when the network is down). Read-only.
 */
public final class CacheIntegrityCheck implements Check {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path cacheDir;

    public CacheIntegrityCheck(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override public String name() {
        return "cache";
    }

    @Override public CheckResult run() throws IOException, NoSuchAlgorithmException {
        if (!Files.isDirectory(cacheDir)) return CheckResult.pass("no stored bulletins yet (" + cacheDir + " absent)");
        List<Path> files;
        try (Stream<Path> s = Files.list(cacheDir)) {
            files = s.filter(p -> Files.isRegularFile(p) && SHA256.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        List<String> bad = new ArrayList<>();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        for (Path f : files) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    total += n;
                }
            } catch (IOException e) {
                bad.add(f.getFileName() + " (unreadable: " + e.getMessage() + ")");
                continue;
            }
            if (!HexFormat.of().formatHex(md.digest()).equals(f.getFileName().toString())) bad.add(f.getFileName().toString());
        }
        if (bad.isEmpty()) return CheckResult.pass(files.size() + " stored bulletin(s), " + (total >> 20) + " MB, all intact");
        return CheckResult.fail(bad.size() + " of " + files.size() + " stored bulletin(s) damaged in " + cacheDir + ": "
                        + bad.get(0).substring(0, Math.min(bad.get(0).length(), 16)) + "…",
                "the SD card is wearing out or the receiver lost power while writing",
                "nothing to delete by hand: the receiver fetches them again when next needed; replace the SD card "
                        + "if this comes back");
    }
}
