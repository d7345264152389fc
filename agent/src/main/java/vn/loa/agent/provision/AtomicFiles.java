package vn.loa.agent.provision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a file so that a reader (or a power cut) sees either the old or the new content, never a mix: write a
 * temporary file in the same directory with the final permissions from its creation, fsync it, rename it over the
 * target, fsync the directory. A failure leaves the old file untouched and removes the temporary one.
 */
final class AtomicFiles {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    static void write(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        write(target, content, perms, Optional.empty());
    }

    /**
     * As {@link #write(Path, byte[], Set)}, and the new file belongs to {@code owner} (when given) before it takes the
     * target's name, so the target is never seen with the wrong owner. Giving a file away needs root.
     */
    static void write(Path target, byte[] content, Set<PosixFilePermission> perms, Optional<UserPrincipal> owner)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(perms));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, perms);
            if (owner.isPresent()) Files.setOwner(tmp, owner.get());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
