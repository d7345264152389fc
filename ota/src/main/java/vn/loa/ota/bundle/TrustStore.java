package vn.loa.ota.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The release public keys a device trusts, by key id. Immutable; {@link #with(PublicKey)} returns a copy, which
 * is how a verified key rotation extends trust.
 */
public final class TrustStore {

    private final Map<String, PublicKey> keys;

    private TrustStore(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    public static TrustStore of(List<PublicKey> keys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) m.put(ReleaseKeys.keyId(k), k);
        return new TrustStore(m);
    }

    /**
     * Loads one {@code .pub} PEM file, or every {@code *.pub} file of a directory (sorted by name). A missing
     * path, an unreadable or malformed key, or an empty directory is an {@link IOException} naming the path.
     */
    public static TrustStore load(Path fileOrDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> s = Files.list(fileOrDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".pub")).sorted().forEach(files::add);
            }
            if (files.isEmpty()) throw new IOException(fileOrDir + ": no *.pub release key in this folder; nothing can be trusted");
        } else if (Files.isRegularFile(fileOrDir)) {
            files.add(fileOrDir);
        } else {
            throw new IOException(fileOrDir + ": no such trust key file or folder");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path f : files) {
            try {
                keys.add(ReleaseKeys.readPublic(f));
            } catch (InvalidKeyException e) {
                throw new IOException(e.getMessage());
            }
        }
        return of(keys);
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public boolean trusts(String keyId) {
        return keys.containsKey(keyId);
    }

    public TrustStore with(PublicKey key) {
        Map<String, PublicKey> m = new LinkedHashMap<>(keys);
        m.put(ReleaseKeys.keyId(key), key);
        return new TrustStore(m);
    }

    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    public List<PublicKey> keys() {
        return List.copyOf(keys.values());
    }
}
