package vn.loa.testbench.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.loa.agent.broadcast.ItemResult;
import vn.loa.agent.broadcast.Level;
import vn.loa.agent.diagnose.BoardChecks;
import vn.loa.agent.diagnose.CacheIntegrityCheck;
import vn.loa.agent.diagnose.Check;
import vn.loa.agent.diagnose.ClockCheck;
import vn.loa.agent.diagnose.ConfigCheck;
import vn.loa.agent.diagnose.DiskSpaceCheck;
import vn.loa.agent.diagnose.Lwm2mChecks;
import vn.loa.agent.diagnose.ServerReachableCheck;
import vn.loa.agent.diagnose.SoundCardCheck;
import vn.loa.agent.diagnose.StreamCheck;
import vn.loa.agent.diagnose.UnderrunCheck;
import vn.loa.agent.diagnose.UpdateCheck;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.HeadendServer;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.store.PlayEvent;
import vn.loa.agent.store.PlayLog;
import vn.loa.agent.store.RealDisk;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.Boards;
import vn.loa.hal.SimulatedBoard;
import vn.loa.hal.time.Clock;
import vn.loa.hal.time.LoopScheduler;
import vn.loa.hal.time.ManualScheduler;
import vn.loa.ota.launcher.LauncherState;

/**
 * The receiver's checks run against a simulated receiver with the requested {@link Fault}s staged where they happen
 * on a device: its files in a folder the caller owns; board inputs on the simulated board (Pi4J mock GPIO);
 * a real in-process LwM2M server on loopback (DTLS with PSK) for the handshake and the registration; a loopback
 * stream server; a launcher state file and a play log written as the ota module and the agent write them. The
 * OS seams (free space, NTP, DNS) are simulated. The very same {@link Check} classes run on a device.
 *
 * <p>{@link #close()} stops the servers and releases the board.
 */
public final class SimulatedReceiverChecks implements AutoCloseable {

    /** The simulated headend's name. */
    public static final String HEADEND = "headend.loa.sim";
    /** The simulated receiver's LwM2M endpoint (and PSK identity). */
    public static final String ENDPOINT = "rx-sim";
    private static final String GOOD_CONFIG = "{\n  \"receiver\": \"" + ENDPOINT + "\",\n  \"server\": \"coaps://" + HEADEND
            + ":5684\"\n}\n";
    /** Underruns above this in the last 24 h warn. */
    static final long UNDERRUN_WARN_ABOVE = UnderrunCheck.DEFAULT_WARN_ABOVE;

    private final List<Check> checks = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    private SimulatedReceiverChecks() {
    }

    /**
     * Writes the simulated receiver's files under {@code dir}, starts its servers and returns its checks with
     * {@code faults} staged. {@code buildTime} is the "not before" date of the clock check; {@code now} the
     * simulated receiver's time.
     */
    public static SimulatedReceiverChecks open(Path dir, Set<Fault> faults, Instant now, Instant buildTime) {
        SimulatedReceiverChecks s = new SimulatedReceiverChecks();
        try {
            s.build(dir, faults, now, buildTime);
            return s;
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("cannot set up the simulated receiver under " + dir, e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }

    private void build(Path dir, Set<Fault> faults, Instant now, Instant buildTime) throws IOException {
        Path config = dir.resolve("etc/config.json");
        Path data = dir.resolve("var/lib/loa");
        Files.createDirectories(config.getParent());
        Files.createDirectories(data);
        Files.writeString(config, faults.contains(Fault.BAD_CONFIG) ? GOOD_CONFIG.substring(0, 40) : GOOD_CONFIG);
        Clock clock = new ManualScheduler(faults.contains(Fault.CLOCK_WRONG) ? Instant.parse("1970-01-01T00:00:07Z") : now,
                Clock.VIETNAM);
        ManualScheduler today = new ManualScheduler(now, Clock.VIETNAM);
        long free = faults.contains(Fault.DISK_FULL) ? 12L << 20 : 3L << 30;
        boolean network = !faults.contains(Fault.NO_NETWORK);
        ServerReachableCheck.Resolver dns = host -> {
            if (!network || !host.equals(HEADEND)) throw new UnknownHostException(host);
            return List.of(InetAddress.getByAddress(HEADEND, new byte[] {10, 0, 0, 1}));
        };
        ServerReachableCheck.Prober udp = (to, transport, timeout) -> network
                ? new ServerReachableCheck.Probe.Reachable("answered (simulated headend)")
                : new ServerReachableCheck.Probe.NoRoute("Network is unreachable");

        LoopScheduler loop = new LoopScheduler(Clock.system(Clock.VIETNAM), "loa-diagnose-sim");
        resources.add(loop);
        BoardChecks board = new BoardChecks("simulated", (profile, l) -> stagedBoard(profile, faults), loop);
        resources.add(board);

        checks.add(new ConfigCheck("config", config, ConfigCheck.anyObject(), "provision the receiver again"));
        checks.add(new vn.loa.agent.diagnose.ServiceCheck(serviceState(data.resolve("audio.json"),
                faults.contains(Fault.OUT_OF_SERVICE), now)));
        checks.add(new vn.loa.agent.diagnose.SourcesCheck(vn.loa.agent.audio.SourceAllowList.ANY, true));
        checks.addAll(board.checks());
        checks.add(new SoundCardCheck(BoardProfile.BoardModel.SIMULATED, ""));
        Path tone = data.resolve("diagnose-tone.wav");
        checks.add(new vn.loa.agent.diagnose.ToneCheck(new vn.loa.agent.audio.WavCaptureSink(tone), Optional.of(tone)));
        checks.add(new ClockCheck(clock, buildTime, () -> Optional.of(!faults.contains(Fault.CLOCK_WRONG) && network)));
        checks.add(new DiskSpaceCheck(data, p -> free, DiskSpaceCheck.DEFAULT_WARN_BYTES, DiskSpaceCheck.DEFAULT_FAIL_BYTES));
        checks.add(new CacheIntegrityCheck(storeBulletin(data.resolve("cache"))));
        checks.add(new ServerReachableCheck(HEADEND, 5684, ServerReachableCheck.Transport.UDP, dns, udp, Duration.ofSeconds(2)));
        checks.addAll(lwm2m(data, faults, network, loop));
        checks.add(new StreamCheck(streamServer(faults.contains(Fault.STREAM_DEAD)), Duration.ofSeconds(1), Clock.system(Clock.VIETNAM)));
        checks.add(new UpdateCheck(launcherState(dir.resolve("var/lib/loa/ota"), faults.contains(Fault.UPDATE_ROLLED_BACK), now)));
        checks.add(new UnderrunCheck(playLog(data.resolve("playlog"), faults.contains(Fault.UNDERRUNS), now), today,
                UnderrunCheck.DEFAULT_WINDOW, UNDERRUN_WARN_ABOVE));
        checks.add(board.safeState());
    }

    /** The simulated board with its inputs driven as the faults say, debounced (the board's own timers, run at once). */
    private static SimulatedBoard stagedBoard(BoardProfile profile, Set<Fault> faults) {
        ManualScheduler gpio = new ManualScheduler();
        SimulatedBoard b = Boards.simulated(profile, gpio);
        if (faults.contains(Fault.AMPLIFIER)) b.setInput(profile.amplifiers().get(0).faultRole(), true);
        if (faults.contains(Fault.NO_MAINS)) b.setInput(BoardProfile.InputRole.MAINS_PRESENT.key(), false);
        if (faults.contains(Fault.TAMPER)) b.setInput(BoardProfile.InputRole.DOOR_OPEN.key(), true);
        if (faults.contains(Fault.SPEAKER_OPEN)) b.setInput(profile.amplifiers().get(1).lineOpenRole(), true);
        gpio.advance(Duration.ofSeconds(2));
        return b;
    }

    /** The headend's audio settings; out-of-service: taken out of service by the headend an hour ago. */
    private static vn.loa.agent.store.AudioSettingsStore serviceState(Path file, boolean outOfService, Instant now)
            throws IOException {
        var store = new vn.loa.agent.store.AudioSettingsStore(vn.loa.agent.store.RealDisk.INSTANCE, file);
        if (outOfService) {
            Instant since = now.minus(Duration.ofHours(1));
            store.save(new vn.loa.agent.store.AudioSettingsStore.Settings(80, false, 90, 80, 90, "lwm2m:1", since,
                    Optional.of(new vn.loa.agent.schedule.ServiceHold.Held("lwm2m:1", since))));
        }
        return store;
    }

    /** One stored bulletin, named by its sha256 as the content cache keeps it. */
    private static Path storeBulletin(Path cache) throws IOException {
        Files.createDirectories(cache);
        byte[] audio = "RIFF simulated bulletin".getBytes(StandardCharsets.US_ASCII);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
            Files.write(cache.resolve(sha), audio);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return cache;
    }

    /**
     * dtls and registered against a real LwM2M server on loopback. dtls-rejected: the receiver holds another key;
     * not-registered: the server knows the keys under another endpoint; no-network: the name does not resolve.
     */
    private List<Check> lwm2m(Path data, Set<Fault> faults, boolean network, LoopScheduler loop) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] clientKey = key.clone();
        if (faults.contains(Fault.DTLS_REJECTED)) random.nextBytes(clientKey);
        HeadendServer headend = HeadendServer.start(Duration.ofMinutes(5));
        resources.add(headend);
        headend.allow(faults.contains(Fault.NOT_REGISTERED) ? "rx-someone-else" : ENDPOINT, ENDPOINT, key);
        URI uri = network ? headend.uri() : URI.create("coaps://" + HEADEND + ":5684");
        Lwm2mConfig config = Lwm2mConfig.builder(ENDPOINT, uri).secretsFile(data.resolve("lwm2m-secrets.json"))
                .nonceFile(data.resolve("lwm2m-nonces.json"))
                .dtlsRetransmission(Duration.ofMillis(300), 2).requestTimeout(Duration.ofSeconds(3)).build();
        ConnectionCheck.Resolver resolver = host -> {
            if (!network) throw new UnknownHostException(host);
            return InetAddress.getAllByName(host);
        };
        return Lwm2mChecks.of(config, Lwm2mSecrets.psk(ENDPOINT, clientKey), resolver, loop, Duration.ofSeconds(6));
    }

    /** A loopback HTTP stream: answers with audio, or (dead) accepts and never answers. */
    private URI streamServer(boolean dead) throws IOException {
        ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        resources.add(server);
        List<Socket> held = new CopyOnWriteArrayList<>();
        resources.add(() -> {
            for (Socket s : held) s.close();
        });
        Thread.ofVirtual().name("loa-diagnose-stream-server").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    held.add(s);
                    Thread.ofVirtual().start(() -> serve(s, dead));
                } catch (IOException e) {
                    return;
                }
            }
        });
        InetSocketAddress a = (InetSocketAddress) server.getLocalSocketAddress();
        return URI.create("http://127.0.0.1:" + a.getPort() + "/live.mp3");
    }

    private static void serve(Socket s, boolean dead) {
        try (s) {
            InputStream in = s.getInputStream();
            int state = 0;
            for (int c; state < 4 && (c = in.read()) >= 0; ) {
                state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
            }
            if (dead) {
                while (in.read() >= 0) {
                    // accepted, never answered: read until the client gives up
                }
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nicy-name: Loa sim\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[16 * 1024]);
            out.flush();
        } catch (IOException e) {
            // the check closed the connection
        }
    }

    /** The launcher's state as the ota module writes it: committed 1.5.0, or a trial of 1.5.0 rolled back to 1.4.2. */
    private static Path launcherState(Path stateDir, boolean rolledBack, Instant now) throws IOException {
        Files.createDirectories(stateDir);
        LauncherState s = rolledBack
                ? LauncherState.committed("A", "1.4.2").startTrial("B", "1.5.0", true).bootedTrial().bootedTrial()
                        .rollingBack("no health report within 120 s after 2 boots", now.minus(Duration.ofHours(3)).toString())
                        .rolledBack()
                : LauncherState.committed("B", "1.5.0");
        Path file = stateDir.resolve("launcher.properties");
        Files.write(file, s.toBytes());
        return file;
    }

    /** Today's play log: two clean bulletins, or (underruns) one that stuttered 42 times. */
    private static Path playLog(Path dir, boolean stuttered, Instant now) throws IOException {
        PlayLog log = PlayLog.open(RealDisk.INSTANCE, dir, 64 * 1024, 8);
        Instant start = now.minus(Duration.ofHours(2));
        log.append(new PlayEvent("morning-news", Level.NORMAL, "schedule", start, start, start.plusSeconds(300),
                new ItemResult.Completed(), "cache:simulated", 0, "ON", 70));
        Instant noon = now.minus(Duration.ofMinutes(30));
        log.append(new PlayEvent("noon-bulletin", Level.NORMAL, "schedule", noon, noon, noon.plusSeconds(120),
                new ItemResult.Completed(), "http://127.0.0.1/live.mp3", stuttered ? 42 : 1, "ON", 70));
        return dir;
    }

    @Override public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing a simulated part: nothing left to do about it
            }
        }
        resources.clear();
    }
}
