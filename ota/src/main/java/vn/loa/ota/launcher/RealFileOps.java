package vn.loa.ota.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** {@link FileOps} on the real file system with {@code java.nio}. Stateless and thread-safe. */
public final class RealFileOps implements FileOps {

    @Override public void write(Path file, byte[] data) throws IOException {
        Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override public void fsync(Path fileOrDir) throws IOException {
        boolean dir = Files.isDirectory(fileOrDir, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = dir ? FileChannel.open(fileOrDir, StandardOpenOption.READ)
                : FileChannel.open(fileOrDir, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for fsync; the rename is then only as durable as
            // that file system makes it, which is all that can be done from Java.
            if (!dir) throw e;
        }
    }

    @Override public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override public void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override public void link(Path existing, Path link) throws IOException {
        Files.createLink(link, existing);
    }

    @Override public void symlink(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
    }

    @Override public void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override public void mkdirs(Path dir) throws IOException {
        Files.createDirectories(dir);
    }
}
