package vn.loa.agent.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A disk in memory that remembers what is durable: file data becomes durable on {@link #fsync}, names on
 * {@link #fsyncDir}. {@link #cutPowerAt(int)} makes the n-th mutating step (0-based) fail and every later call
 * fail too (the machine is off); {@link #reboot(boolean)} then keeps only what was durable, optionally with a
 * torn tail: half of the bytes appended but never fsync'd. {@link #failOnceAt} makes chosen steps fail without
 * the power going off (a full disk, an I/O error): an append or write so failed leaves half its bytes (a short
 * write), a failed fsync leaves the data not durable; every other step carries on.
 */
public final class SimulatedDisk implements Disk {

    private static final class Inode {
        byte[] durable = new byte[0];
        byte[] current = new byte[0];
    }

    private Map<Path, Inode> names = new HashMap<>();
    private Map<Path, Inode> durableNames = new HashMap<>();
    private int steps;
    private int cutAt = -1;
    private boolean off;
    private java.util.Set<Integer> failOnce = java.util.Set.of();
    private final List<String> log = new ArrayList<>();

    /** Power goes off during mutating step {@code n} (0-based); -1: never. */
    public void cutPowerAt(int n) {
        cutAt = n;
        steps = 0;
    }

    /** Mutating steps {@code n...} (0-based, counted from now) fail once each; the machine stays on. */
    public void failOnceAt(int... n) {
        java.util.Set<Integer> s = new java.util.HashSet<>();
        for (int i : n) s.add(i);
        failOnce = s;
        steps = 0;
    }

    public int steps() {
        return steps;
    }

    public boolean isOff() {
        return off;
    }

    /** The mutating steps so far, e.g. {@code fsync /d/x.tmp}. */
    public List<String> stepLog() {
        return List.copyOf(log);
    }

    /** Comes back from a power cut with only durable state (plus half the unsynced tail when {@code torn}). */
    public void reboot(boolean torn) {
        Map<Path, Inode> next = new HashMap<>();
        Map<Inode, Inode> copies = new HashMap<>();
        for (var e : durableNames.entrySet()) {
            Inode old = e.getValue();
            Inode n = copies.computeIfAbsent(old, o -> {
                Inode x = new Inode();
                byte[] keep = o.durable;
                if (torn && o.current.length > o.durable.length && startsWith(o.current, o.durable)) {
                    int extra = (o.current.length - o.durable.length) / 2;
                    keep = Arrays.copyOf(o.current, o.durable.length + extra);
                }
                x.durable = keep;
                x.current = keep;
                return x;
            });
            next.put(e.getKey(), n);
        }
        names = next;
        durableNames = new HashMap<>(next);
        off = false;
        cutAt = -1;
        steps = 0;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private void step(String what, Runnable effectBeforeCut) throws IOException {
        step(what, effectBeforeCut, null);
    }

    /** {@code partialEffect}: what a step that fails once still did (a short write); null: nothing. */
    private void step(String what, Runnable effectBeforeCut, Runnable partialEffect) throws IOException {
        if (off) throw new IOException("simulated power is off (" + what + ")");
        int n = steps++;
        log.add(what);
        if (failOnce.contains(n)) {
            if (partialEffect != null) partialEffect.run();
            throw new IOException("simulated I/O error (No space left on device) during step " + n + ": " + what);
        }
        if (n == cutAt) {
            if (effectBeforeCut != null) effectBeforeCut.run();
            off = true;
            throw new IOException("simulated power cut during step " + n + ": " + what);
        }
    }

    private void checkOn() throws IOException {
        if (off) throw new IOException("simulated power is off");
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Override public synchronized void write(Path file, byte[] data) throws IOException {
        Path k = key(file);
        Runnable effect = () -> names.computeIfAbsent(k, x -> new Inode()).current = data.clone();
        step("write " + k, effect, () -> names.computeIfAbsent(k, x -> new Inode()).current =
                Arrays.copyOf(data, data.length / 2));
        effect.run();
    }

    @Override public synchronized void append(Path file, byte[] data) throws IOException {
        Path k = key(file);
        step("append " + k, () -> appendBytes(k, data), () -> appendBytes(k, Arrays.copyOf(data, data.length / 2)));
        appendBytes(k, data);
    }

    private void appendBytes(Path k, byte[] data) {
        Inode i = names.computeIfAbsent(k, x -> new Inode());
        byte[] c = Arrays.copyOf(i.current, i.current.length + data.length);
        System.arraycopy(data, 0, c, i.current.length, data.length);
        i.current = c;
    }

    @Override public synchronized void fsync(Path file) throws IOException {
        Path k = key(file);
        step("fsync " + k, null);
        Inode i = names.get(k);
        if (i == null) throw new NoSuchFileException(k.toString());
        i.durable = i.current.clone();
    }

    @Override public synchronized void rename(Path from, Path to) throws IOException {
        Path f = key(from);
        Path t = key(to);
        step("rename " + f + " " + t, null);
        Inode i = names.remove(f);
        if (i == null) throw new NoSuchFileException(f.toString());
        names.put(t, i);
    }

    @Override public synchronized void fsyncDir(Path dir) throws IOException {
        Path d = key(dir);
        step("fsyncDir " + d, null);
        durableNames.keySet().removeIf(p -> d.equals(p.getParent()));
        for (var e : names.entrySet()) if (d.equals(e.getKey().getParent())) durableNames.put(e.getKey(), e.getValue());
    }

    @Override public synchronized void truncate(Path file, long size) throws IOException {
        Path k = key(file);
        step("truncate " + k, null);
        Inode i = names.get(k);
        if (i == null) throw new NoSuchFileException(k.toString());
        i.current = Arrays.copyOf(i.current, (int) Math.min(size, i.current.length));
    }

    @Override public synchronized void delete(Path file) throws IOException {
        Path k = key(file);
        step("delete " + k, null);
        names.remove(k);
    }

    @Override public synchronized byte[] read(Path file) throws IOException {
        checkOn();
        Inode i = names.get(key(file));
        if (i == null) throw new NoSuchFileException(key(file).toString());
        return i.current.clone();
    }

    @Override public synchronized boolean exists(Path file) {
        return names.containsKey(key(file));
    }

    @Override public synchronized List<Path> list(Path dir) throws IOException {
        checkOn();
        Path d = key(dir);
        return names.keySet().stream().filter(p -> d.equals(p.getParent())).sorted().toList();
    }

    @Override public void createDirectories(Path dir) throws IOException {
        checkOn();
    }
}
