package vn.loa.ota.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the launcher needs to start a slot, in {@code slots/X/launch.properties} (plain properties, because
 * the launcher reads no JSON): the version, the main class and the class path with each jar's size. The
 * installer writes this file last, atomically: a slot without it is incomplete and never booted.
 */
public record LaunchSpec(String version, String mainClass, List<Jar> classpath) {

    public static final String FILE = "launch.properties";

    /** One class-path jar, relative to the slot, with its expected size. */
    public record Jar(String path, long size) {
        public Jar {
            if (path.startsWith("/") || path.contains("..")) throw new IllegalArgumentException("jar path '" + path + "' must stay inside the slot");
            if (size < 0) throw new IllegalArgumentException("jar size " + size + " must not be negative");
        }
    }

    public LaunchSpec {
        classpath = List.copyOf(classpath);
        if (version == null || version.isBlank()) throw new IllegalArgumentException("version is required");
        if (mainClass == null || mainClass.isBlank()) throw new IllegalArgumentException("mainClass is required");
        if (classpath.isEmpty()) throw new IllegalArgumentException("the class path is empty");
    }

    /** The outcome of checking a slot folder. */
    public sealed interface SlotCheck {
        record Bootable(LaunchSpec spec) implements SlotCheck { }
        record Unbootable(String reason) implements SlotCheck { }
    }

    public byte[] toBytes() {
        StringBuilder b = new StringBuilder("# written by the Loa updater; the launcher starts this slot from it\n");
        b.append("version=").append(version).append('\n');
        b.append("mainClass=").append(mainClass).append('\n');
        for (int i = 0; i < classpath.size(); i++) {
            b.append("jar.").append(i).append('=').append(classpath.get(i).path()).append('\n');
            b.append("size.").append(i).append('=').append(classpath.get(i).size()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Checks that {@code slotDir} has a launch file and every jar it names, with the right size. */
    public static SlotCheck check(Path slotDir) {
        Path f = slotDir.resolve(FILE);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new SlotCheck.Unbootable(slotDir + " is incomplete (no " + FILE + ")");
        } catch (IOException e) {
            return new SlotCheck.Unbootable(f + " cannot be read: " + e.getMessage());
        }
        TreeMap<Integer, Jar> jars = new TreeMap<>();
        try {
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("jar.")) {
                    int i = Integer.parseInt(k.substring(4));
                    jars.put(i, new Jar(p.getProperty(k), Long.parseLong(p.getProperty("size." + i, "-1"))));
                }
            }
            LaunchSpec spec = new LaunchSpec(p.getProperty("version"), p.getProperty("mainClass"), new ArrayList<>(jars.values()));
            for (Jar j : spec.classpath()) {
                Path jar = slotDir.resolve(j.path());
                if (!Files.isRegularFile(jar)) return new SlotCheck.Unbootable(jar + " is missing");
                long size = Files.size(jar);
                if (size != j.size()) return new SlotCheck.Unbootable(jar + " has " + size + " bytes, expected " + j.size());
            }
            return new SlotCheck.Bootable(spec);
        } catch (IllegalArgumentException e) {
            return new SlotCheck.Unbootable(f + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new SlotCheck.Unbootable(f + ": " + e.getMessage());
        }
    }

    /** The {@code -cp} value for a slot folder. */
    public String classPathIn(Path slotDir) {
        List<String> parts = new ArrayList<>();
        for (Jar j : classpath) parts.add(slotDir.resolve(j.path()).toString());
        return String.join(java.io.File.pathSeparator, parts);
    }

}
