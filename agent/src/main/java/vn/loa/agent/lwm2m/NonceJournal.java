package vn.loa.agent.lwm2m;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * The accepted emergency nonces on disk, so that a signed item replayed after a reboot is still refused. The file is
 * replaced whole on every acceptance (temporary file, fsync, rename, directory fsync): emergencies are rare and the
 * list holds only items whose not-after has not passed. Format:
 * {@code {"nonces": [{"nonce": HEX, "item": ID, "notAfter": EPOCH_SECONDS}]}}.
 *
 * <p>Not thread-safe; {@link EmergencyAuthenticator} calls it under its own lock.
 */
public final class NonceJournal {

    /** One accepted nonce. */
    public record Entry(String nonceHex, String itemId, Instant notAfter) { }

    private final Path file;

    public NonceJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The entries on disk; none when the file does not exist. An unreadable or malformed file is logged and treated
     * as empty (emergencies must still play; replay protection restarts from here).
     */
    public List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try {
            JsonNode root = JsonNode.read(file);
            for (JsonNode n : root.array("nonces")) {
                String nonce = n.requiredString("nonce");
                String item = n.requiredString("item");
                long notAfter = n.integer("notAfter", 0, 0, Long.MAX_VALUE);
                n.rejectUnknownKeys();
                if (!nonce.matches("[0-9a-f]{16,128}")) n.problem("nonce", "'" + nonce + "' is not 8-64 bytes of lower-case hex");
                out.add(new Entry(nonce, item, Instant.ofEpochSecond(notAfter)));
            }
            root.rejectUnknownKeys();
            root.problems().throwIfAny();
        } catch (ConfigException e) {
            Logger.tag("lwm2m").error("emergency nonce journal unusable, starting empty (replays of items accepted "
                    + "before this start are not detected): {}", e.getMessage());
            return new ArrayList<>();
        }
        return out;
    }

    /** Replaces the file with {@code entries}. */
    public void save(Collection<Entry> entries) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nonce", e.nonceHex());
            m.put("item", e.itemId());
            m.put("notAfter", e.notAfter().getEpochSecond());
            list.add(m);
        }
        byte[] bytes = (JSON.std.asString(Map.of("nonces", list)) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
