package vn.loa.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** The machine's own disk through {@link FileChannel}: {@code force(true)} for file and folder syncs. Stateless. */
public final class RealDisk implements Disk {

    public static final RealDisk INSTANCE = new RealDisk();

    private RealDisk() {
    }

    @Override public void write(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAll(ch, data);
        }
    }

    @Override public void append(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            writeAll(ch, data);
        }
    }

    private static void writeAll(FileChannel ch, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) ch.write(b);
    }

    @Override public void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override public void fsyncDir(Path dir) throws IOException {
        // Linux lets a folder be opened read-only and fsync'd; that is what makes a rename durable.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override public void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Override public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override public byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override public List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    @Override public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }
}
