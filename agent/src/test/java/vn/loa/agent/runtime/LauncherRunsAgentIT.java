package vn.loa.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.agent.cli.AgentCommands;
import vn.loa.agent.cli.CommandLine;
import vn.loa.ota.bundle.Manifest;
import vn.loa.ota.bundle.ReleaseKeys;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.launcher.LauncherMain;
import vn.loa.ota.launcher.LauncherState;
import vn.loa.ota.launcher.RealFileOps;
import vn.loa.ota.launcher.SlotLayout;
import vn.loa.ota.release.BundleBuilder;
import vn.loa.ota.slots.InstallOutcome;
import vn.loa.ota.slots.SlotInstaller;

/**
 * The real launcher process, started with {@code packaging/loa.service}'s own command line (paths moved into a temp
 * root), runs the real agent ({@code vn.loa.agent.Main run}, a loa.json without an {@code update} section) from a
 * slot that {@code loa release install} put on the "device": the agent must start, beat, pass the audio self-test
 * and be committed by the launcher's trial. Then the unit's {@code ExecStopPost} command line drives the board safe.
 */
class LauncherRunsAgentIT {

    static final long BOUND_SECONDS = 120;
    /** Jars on the test class path that a receiver never runs. */
    static final List<String> TEST_ONLY = List.of("junit-", "assertj-", "mockito-", "byte-buddy", "objenesis-", "opentest4j-",
            "apiguardian-", "awaitility-", "hamcrest-", "surefire", "loa-agent-");

    @TempDir Path tmp;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The agent jar this build packaged, and every runtime jar of the test class path (module class folders jarred). */
    List<Path> runtimeJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jars.add(s.filter(p -> p.getFileName().toString().matches("loa-agent-[^-]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no agent jar in target/: run this IT after 'package'")).toAbsolutePath());
        }
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (Files.isRegularFile(p) && name.endsWith(".jar") && TEST_ONLY.stream().noneMatch(name::startsWith)) {
                jars.add(p);
            } else if (Files.isDirectory(p) && name.equals("classes") && !p.toAbsolutePath().startsWith(Path.of("").toAbsolutePath())) {
                jars.add(jarOf(p, tmp.resolve("jarred").resolve(p.getParent().getParent().getFileName() + ".jar")));
            }
        }
        return jars;
    }

    static Path jarOf(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }

    Path bundle(String version, List<Path> jars, KeyPair key) throws IOException {
        BundleBuilder b = new BundleBuilder(Version.parse(version), key.getPrivate(), key.getPublic(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).app(jars.get(0));
        for (Path j : jars.subList(1, jars.size())) b.lib(j);
        Path zip = tmp.resolve(version + ".zip");
        b.writeZip(zip);
        return zip;
    }

    int agent(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new CommandLine("loa", AgentCommands.all()).run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return rc;
    }

    /** Reads a process's merged output line by line into a queue, on a daemon thread. */
    static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) q.add(l);
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "it-output");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** The first line containing {@code wanted}; fails on a line containing any of {@code failures}, or after the bound. */
    static String await(Process p, BlockingQueue<String> q, String wanted, List<String> failures, List<String> seen)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (System.nanoTime() < until) {
            String l = q.poll(Math.min(until - System.nanoTime(), TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (l == null) {
                if (!p.isAlive() && q.isEmpty()) {
                    throw new AssertionError("the launcher exited " + p.exitValue() + " before '" + wanted + "':\n" + String.join("\n", seen));
                }
                continue;
            }
            seen.add(l);
            for (String f : failures) {
                if (l.contains(f)) throw new AssertionError("'" + f + "' before '" + wanted + "':\n" + String.join("\n", seen));
            }
            if (l.contains(wanted)) return l;
        }
        throw new AssertionError("no '" + wanted + "' within " + BOUND_SECONDS + " s:\n" + String.join("\n", seen));
    }

    @Test
    void the_launcher_started_as_the_unit_says_runs_the_agent_which_beats_without_an_update_section_and_is_committed() throws Exception {
        SlotLayout layout = new SlotLayout(tmp.resolve("opt/loa"), tmp.resolve("var/lib/loa/ota"));
        Path trust = Files.createDirectories(tmp.resolve("etc/loa/trust"));
        KeyPair key = ReleaseKeys.generate();
        Files.writeString(trust.resolve("release.pub"), ReleaseKeys.pem(key.getPublic()));
        List<Path> jars = runtimeJars();

        // first install (1.0.0 in slot A, committed), then 1.1.0 into slot B on trial, as an update would leave it
        agent("release", "install", bundle("1.0.0", jars, key).toString(), "--trust", trust.toString(),
                "--root", layout.root().toString(), "--state", layout.stateDir().toString());
        byte[] manifest;
        byte[] signature;
        try (ZipFile z = new ZipFile(bundle("1.1.0", jars, key).toFile())) {
            manifest = z.getInputStream(z.getEntry(Manifest.FILE)).readAllBytes();
            signature = z.getInputStream(z.getEntry(Manifest.SIGNATURE_FILE)).readAllBytes();
        }
        InstallOutcome o = new SlotInstaller(layout, new RealFileOps()).install(Manifest.parse(manifest, "1.1.0"), manifest, signature, false);
        assertThat(o).isEqualTo(new InstallOutcome.Installed("B", "1.1.0"));

        Path config = tmp.resolve("etc/loa/loa.json");
        Files.writeString(config, "{\"board\": {\"profile\": \"simulated\"}, \"quietHours\": {\"enabled\": false}, "
                + "\"paths\": {\"data\": \"" + tmp.resolve("data") + "\"}}");

        // packaging/loa.service's ExecStart, after 'java ... -jar launcher.jar', with the device paths moved into tmp
        List<String> unit = SystemdUnitTest.command("ExecStart");
        List<String> launcherArgs = new ArrayList<>(unit.subList(unit.indexOf("-jar") + 2, unit.size()));
        launcherArgs.set(launcherArgs.indexOf("--root") + 1, layout.root().toString());
        launcherArgs.set(launcherArgs.indexOf("--state") + 1, layout.stateDir().toString());
        int dashes = launcherArgs.indexOf("--");
        // a short trial (the gate deadline may not exceed the stable window): commit 30 s after the start
        launcherArgs.addAll(dashes, List.of("--stable-window", "30", "--gate-deadline", "30", "--start-deadline", "30", "--tick-ms", "100"));
        List<String> appArgs = launcherArgs.subList(launcherArgs.indexOf("--") + 1, launcherArgs.size());
        assertThat(appArgs).containsExactly("run", "--config", RunCommand.DEFAULT_CONFIG.toString());
        appArgs.set(2, config.toString());
        appArgs.addAll(List.of("--out", tmp.resolve("capture.wav").toString()));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of(LauncherMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                LauncherMain.class.getName()));
        cmd.addAll(launcherArgs);
        Process launcher = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(launcher);
        BlockingQueue<String> out = lines(launcher);
        List<String> seen = new ArrayList<>();

        await(launcher, out, "started slot B (1.1.0) in TRIAL mode", List.of("rolling back", "restarting"), seen);
        await(launcher, out, "committed slot B (1.1.0): all gates passed", List.of("rolling back", "restarting"), seen);
        assertThat(LauncherState.read(layout.stateFile())).contains(LauncherState.committed("B", "1.1.0"));

        launcher.destroy(); // SIGTERM, as systemd stops the service: the launcher stops the agent first
        assertThat(launcher.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

        // ExecStopPost: the unit's safe-state command line from the current slot, config moved into tmp
        List<String> stop = new ArrayList<>(SystemdUnitTest.command("ExecStopPost"));
        int cp = stop.indexOf("-cp");
        stop.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        stop.set(cp + 1, stop.get(cp + 1).replace(SlotLayout.DEFAULT_ROOT.toString(), layout.root().toString()));
        stop.set(stop.indexOf(RunCommand.DEFAULT_CONFIG.toString()), config.toString());
        Process safe = new ProcessBuilder(stop).redirectErrorStream(true).start();
        processes.add(safe);
        assertThat(safe.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        String said = new String(safe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(safe.exitValue()).as(said).isZero();
        assertThat(said).contains("safe state: amplifiers off, FM gate closed, audio muted (simulated)");
    }
}
