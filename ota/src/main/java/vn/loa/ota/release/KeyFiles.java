package vn.loa.ota.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import vn.loa.ota.bundle.ReleaseKeys;

/**
 * Writes a release key pair: {@code NAME.key} (PKCS#8 PEM, created with mode 0600 before any byte is written)
 * and {@code NAME.pub} (X.509 PEM, 0644). Refuses to overwrite an existing key.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The files written. */
    public record Written(Path privateKey, Path publicKey, String keyId) {
    }

    public static Written write(KeyPair pair, Path dir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IOException("key name '" + name + "' may only use letters, digits, '.', '_' and '-'");
        }
        Files.createDirectories(dir);
        Path priv = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p)) throw new FileAlreadyExistsException(p + " exists; refusing to overwrite a release key");
        }
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(priv);
        }
        Files.writeString(priv, ReleaseKeys.pem(pair.getPrivate()), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(pub, ReleaseKeys.pem(pair.getPublic()), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        if (posix) Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
        return new Written(priv, pub, ReleaseKeys.keyId(pair.getPublic()));
    }

    /** The public key file conventionally beside a private one: {@code x.key} → {@code x.pub}. */
    public static Path publicBeside(Path privateKey) {
        String n = privateKey.getFileName().toString();
        String base = n.endsWith(".key") ? n.substring(0, n.length() - 4) : n;
        return privateKey.resolveSibling(base + ".pub");
    }
}
