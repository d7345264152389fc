package vn.loa.ota.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.loa.ota.bundle.BundleFile;
import vn.loa.ota.bundle.Sha256;
import vn.loa.ota.bundle.Version;
import vn.loa.ota.slots.Device;
import vn.loa.ota.slots.InstallOutcome;

/**
 * The launcher as a real process (the JDK's java, ProcessBuilder) starting real child JVMs built from tiny
 * generated apps: a good version commits; one that crashes, hangs or fails its audio self-test is rolled back
 * with the reason recorded; {@code kill -9} of the launcher mid-trial still ends on a good slot.
 */
class LauncherProcessIT {

    static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir Path tmp;
    Device device;
    final List<Process> launchers = new ArrayList<>();

    @BeforeEach
    void device() throws Exception {
        device = new Device(tmp.resolve("device"));
        device.withCommitted(manifest("1.0.0", "good"));
    }

    @AfterEach
    void killAll() {
        for (Process p : launchers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A jar whose main class heartbeats like the agent, or misbehaves as {@code mode} says. */
    private Path appJar(String version, String mode) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + version + "-" + mode)).resolve("App.java");
        Files.writeString(src, """
                import java.net.*;
                import java.nio.file.*;
                import java.util.concurrent.*;
                public class App {
                    public static void main(String[] a) throws Exception {
                        String version = "%s", mode = "%s";
                        Path log = Path.of(System.getProperty("loa.ota.state")).resolve("runs.log");
                        Files.writeString(log, version + " " + mode + " " + System.getProperty("loa.launcher.mode") + "\\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        if (mode.equals("crash")) System.exit(13);
                        String[] hp = System.getProperty("loa.launcher.health").split(":");
                        InetSocketAddress to = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
                        String token = System.getenv("LOA_HEALTH_TOKEN");
                        DatagramSocket s = new DatagramSocket();
                        long[] seq = {0};
                        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
                        Path exit75 = log.resolveSibling("exit75-" + version);
                        ex.scheduleAtFixedRate(() -> {
                            if (Files.exists(exit75)) System.exit(75);
                            seq[0]++;
                            if (mode.equals("hang") && seq[0] > 3) return;
                            String audio = mode.equals("audio-fail") && seq[0] > 2 ? "failed" : "passed";
                            byte[] b = ("loa-health 1 token=" + token + " seq=" + seq[0] + " audio=" + audio
                                    + " registered=no").getBytes();
                            try { s.send(new DatagramPacket(b, b.length, to)); } catch (Exception e) { }
                        }, 0, 200, TimeUnit.MILLISECONDS);
                    }
                }
                """.formatted(version, mode));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(src.getParent().resolve("classes"));
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(errors, fm, null, List.of("-d", classes.toString(), "-proc:none"), null,
                    fm.getJavaFileObjects(src)).call();
            assertThat(ok).as(errors.toString()).isTrue();
        }
        Path jar = src.getParent().resolve("app.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, mf)) {
            j.putNextEntry(new JarEntry("App.class"));
            j.write(Files.readAllBytes(classes.resolve("App.class")));
            j.closeEntry();
        }
        return jar;
    }

    private vn.loa.ota.bundle.Manifest manifest(String version, String mode) throws IOException {
        Path jar = appJar(version, mode);
        String sha = Sha256.hex(jar);
        BundleFile f = new BundleFile("app/app-" + version + ".jar", sha, Files.size(jar));
        if (!device.installer.has(f)) {
            Path copy = Files.createTempFile(device.layout.root(), "app", ".jar");
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            device.installer.store(copy, sha);
        }
        return new vn.loa.ota.bundle.Manifest(Version.parse(version), Version.parse("1.0.0"), List.of("*"),
                Instant.parse("2026-01-05T01:00:00Z"), Optional.empty(), false, "App", f, List.of(), "0123456789abcdef", List.of());
    }

    private void install(String version, String mode) throws IOException {
        vn.loa.ota.bundle.Manifest m = manifest(version, mode);
        assertThat(device.installer.install(m, m.toJson(), "sig".getBytes(), false)).isInstanceOf(InstallOutcome.Installed.class);
    }

    private Process launcher(String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", launcherJar().toString(),
                "--root", device.layout.root().toString(), "--state", device.layout.stateDir().toString(),
                "--jvm-opt", "-XX:TieredStopAtLevel=1", "--stable-window", "3", "--gate-deadline", "3",
                "--watchdog", "2", "--start-deadline", "20", "--tick-ms", "100"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("launcher-" + launchers.size() + ".log").toFile()).start();
        launchers.add(p);
        return p;
    }

    /** The packaged launcher jar (only the launcher package), built before integration tests run. */
    private static Path launcherJar() throws IOException {
        try (var s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("loa-ota-.*-launcher\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("target/loa-ota-*-launcher.jar is missing; run 'mvn verify'"))
                    .toAbsolutePath();
        }
    }

    private LauncherState state() throws IOException {
        return LauncherState.read(device.layout.stateFile()).orElseThrow();
    }

    private List<String> runs() throws IOException {
        Path log = device.layout.stateDir().resolve("runs.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String launcherLog() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < launchers.size(); i++) b.append(Files.readString(tmp.resolve("launcher-" + i + ".log")));
        return b.toString();
    }

    private void awaitRollback(String reasonStart) throws Exception {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            LauncherState s = state();
            assertThat(s.rollback()).as(launcherLog()).isPresent();
            assertThat(s.status()).isEqualTo(LauncherState.Status.COMMITTED);
        });
        LauncherState s = state();
        assertThat(s.rollback().orElseThrow().reason()).startsWith(reasonStart);
        assertThat(s.rollback().orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(s.committedVersion()).isEqualTo("1.0.0");
        assertThat(device.layout.currentSlot()).contains("A");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(runs()).last().isEqualTo("1.0.0 good COMMITTED"));
    }

    @Test
    void a_good_version_commits_after_its_stable_window() throws Exception {
        install("1.1.0", "good");
        launcher();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(state().status()).as(launcherLog()).isEqualTo(LauncherState.Status.COMMITTED));
        assertThat(state().committedVersion()).isEqualTo("1.1.0");
        assertThat(state().rollback()).isEmpty();
        assertThat(runs()).containsExactly("1.1.0 good TRIAL");
        // The launcher writes its state before its log line: wait for the line rather than race it.
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(launcherLog()).contains("committed slot B (1.1.0): all gates passed"));
    }

    @Test
    void an_update_installed_while_the_agent_runs_starts_its_trial_when_the_agent_exits_75() throws Exception {
        launcher();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(runs()).as(launcherLog()).containsExactly("1.0.0 good COMMITTED"));
        install("1.1.0", "good"); // what the agent's UpdateService does, then it exits with 75
        Files.writeString(device.layout.stateDir().resolve("exit75-1.0.0"), "");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(state().status()).as(launcherLog()).isEqualTo(LauncherState.Status.COMMITTED);
            assertThat(state().committedVersion()).isEqualTo("1.1.0");
        });
        assertThat(runs()).containsExactly("1.0.0 good COMMITTED", "1.1.0 good TRIAL");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(launcherLog()).contains("the agent asked for a restart (exit 75)"));
    }

    @Test
    void a_version_that_crashes_at_start_is_rolled_back() throws Exception {
        install("1.1.0", "crash");
        launcher();
        awaitRollback("exited with code 13 after ");
    }

    @Test
    void a_version_that_hangs_is_rolled_back_by_the_watchdog() throws Exception {
        install("1.1.0", "hang");
        launcher();
        awaitRollback("no heartbeat for ");
    }

    @Test
    void a_version_that_fails_the_audio_self_test_is_rolled_back() throws Exception {
        install("1.1.0", "audio-fail");
        launcher();
        awaitRollback("audio self-test failed");
    }

    @Test
    void kill_9_of_the_launcher_during_a_trial_still_ends_on_a_good_slot() throws Exception {
        install("1.1.0", "good");
        Process first = launcher("--stable-window", "600", "--gate-deadline", "600");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(runs()).as(launcherLog()).containsExactly("1.1.0 good TRIAL"));
        List<ProcessHandle> children = first.descendants().toList();
        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        first.waitFor();
        children.forEach(ProcessHandle::destroyForcibly); // the pole lost power: the child dies too
        assertThat(state().status()).isEqualTo(LauncherState.Status.TRIAL);
        assertThat(state().trialBoots()).isEqualTo(1);

        launcher();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(state().status()).as(launcherLog()).isEqualTo(LauncherState.Status.COMMITTED));
        assertThat(state().committedVersion()).isEqualTo("1.1.0");
        assertThat(runs()).containsExactly("1.1.0 good TRIAL", "1.1.0 good TRIAL");
    }

    @Test
    void stopping_the_service_during_a_trial_is_not_a_failed_trial() throws Exception {
        install("1.1.0", "good");
        Process first = launcher("--stable-window", "600", "--gate-deadline", "600");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(runs()).as(launcherLog()).containsExactly("1.1.0 good TRIAL"));
        List<ProcessHandle> children = first.descendants().toList();
        first.destroy(); // SIGTERM, as 'systemctl stop loa' (KillMode=mixed) sends to the launcher only
        assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(launcherLog()).isTrue();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(launcherLog()).contains("stopped with the service; slot B (1.1.0) stays TRIAL")
                .doesNotContain("rolling back");
        assertThat(state().status()).isEqualTo(LauncherState.Status.TRIAL);
        assertThat(state().rollback()).isEmpty();

        launcher(); // the next start goes on with the trial, which commits
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(state().status()).as(launcherLog()).isEqualTo(LauncherState.Status.COMMITTED));
        assertThat(state().committedVersion()).isEqualTo("1.1.0");
        assertThat(runs()).containsExactly("1.1.0 good TRIAL", "1.1.0 good TRIAL");
    }

    @Test
    void kill_9_with_no_trial_boots_left_rolls_back_with_the_reason() throws Exception {
        install("1.1.0", "good");
        Process first = launcher("--stable-window", "600", "--gate-deadline", "600", "--max-trial-boots", "1");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(runs()).as(launcherLog()).containsExactly("1.1.0 good TRIAL"));
        List<ProcessHandle> children = first.descendants().toList();
        first.destroyForcibly();
        first.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        launcher("--max-trial-boots", "1");
        awaitRollback("1.1.0 was started 1 time(s) without passing its trial");
    }
}
