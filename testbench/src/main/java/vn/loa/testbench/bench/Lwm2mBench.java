package vn.loa.testbench.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import vn.loa.agent.cli.Args;
import vn.loa.agent.cli.Command;
import vn.loa.agent.lwm2m.BenchServer;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.agent.lwm2m.StationLwm2mClient;
import vn.loa.agent.lwm2m.TrafficCounter;

/**
 * {@code ./loa bench lwm2m}: the management plane's cost on loopback against an in-process Leshan server:
 * JVM start → registered (separate processes, the receiver's JVM flags), bytes of a full DTLS handshake + register,
 * bytes per registration update counted at the station's DTLS socket, extrapolated to an idle day and month at the
 * configured update period.
 */
public final class Lwm2mBench implements Command {

    static final String ENDPOINT = "loa-bench-1";
    static final String IDENTITY = "loa-bench-1";
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    /** The receiver's JVM flags, as in ./loa. */
    /** The pmax of the extrapolation: a headend that hears from every receiver once an hour without a change. */
    static final int DEFAULT_PMAX = 3600;
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    @Override public String name() {
        return "lwm2m";
    }

    @Override public String summary() {
        return "management-plane cost: JVM start to registered, bytes per handshake, per update, per idle day";
    }

    @Override public String help() {
        return """
                Usage: ./loa bench lwm2m [--runs N] [--updates N] [--update-period SECONDS] [--pmax SECONDS]
                                         [--items N]

                Against an in-process Leshan server on 127.0.0.1 (DTLS/PSK):
                  start-to-registered  N child JVMs (receiver flags) timed from process start to the server's
                                       registration event; p50 and max
                  handshake+register   bytes both ways at the station's DTLS socket (+28 B IPv4/UDP per datagram)
                  update               bytes per registration update, averaged over --updates updates
                  notification         bytes per notification of the observed Station Status instance
                                       (/33002/0, every resource), sent at pmax without a change, averaged
                                       over --updates notifications
                  idle day / month     updates at --update-period (default 25 s, the shipped default), one
                                       Station Status notification per --pmax (default 3600 s: the headend's
                                       hourly heartbeat; 0 = not observed) and one handshake + register a day
                  execute-to-audio     a real station (simulated board, first-sound probe as its sink) registered
                                       to an in-process headend: the headend fires --items EMERGENCY items
                                       (Create + Write + Execute Play of Object 33001), timed from the Create to
                                       the first audible frame at the sink; the first item includes the
                                       amplifier's warm-up (cold), the rest find it held on: p50 and p99
                  --runs N             child JVMs, default 5 (1..50)
                  --updates N          updates to average, default 10 (2..100)
                  --update-period S    registration update period for the extrapolation (1..86399)
                  --pmax S             the headend's pmax on Station Status for the extrapolation (0..86400)
                  --items N            emergency items to time, default 100 (2..1000)
                Exit codes: 0 measured, 1 a measurement failed.""";
    }

    @Override public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of("runs", "updates", "update-period", "pmax", "items"), Set.of());
        int runs = a.intValue("runs", 5, 1, 50);
        int updates = a.intValue("updates", 10, 2, 100);
        int period = a.intValue("update-period", (int) Lwm2mConfig.DEFAULT_UPDATE_PERIOD.toSeconds(), 1, 86_399);
        int pmax = a.intValue("pmax", DEFAULT_PMAX, 0, 86_400);
        int items = a.intValue("items", 100, 2, 1000);
        try (BenchServer server = BenchServer.start(ENDPOINT, IDENTITY, KEY)) {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long ms = startToRegistered(server, err);
                if (ms < 0) return FAILED;
                millis.add(ms);
            }
            Collections.sort(millis);
            out.printf("start-to-registered  p50 %d ms  max %d ms  (%d child JVMs, %s)%n", millis.get(millis.size() / 2),
                    millis.get(millis.size() - 1), runs, String.join(" ", JVM_FLAGS));

            Lwm2mConfig cfg = Lwm2mConfig.builder(ENDPOINT, server.uri()).updatePeriod(Duration.ofSeconds(1))
                    .lifetime(Duration.ofSeconds(60)).build();
            java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
            StationLwm2mClient c = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(IDENTITY, KEY)).listener((o, retry) -> {
                if (o instanceof vn.loa.agent.lwm2m.RegistrationOutcome.Registered) registered.countDown();
            }).build();
            try {
                c.start();
                if (!registered.await(20, TimeUnit.SECONDS) || server.nextRegistration(Duration.ofSeconds(5)) == null) {
                    err.println("bench lwm2m: the in-process client did not register within 20 s");
                    return FAILED;
                }
                TrafficCounter.Snapshot afterRegister = c.traffic().snapshot();
                if (server.nextUpdate(Duration.ofSeconds(10)) == null) {
                    err.println("bench lwm2m: no registration update within 10 s");
                    return FAILED;
                }
                TrafficCounter.Snapshot first = c.traffic().snapshot();
                for (int i = 0; i < updates; i++) {
                    if (server.nextUpdate(Duration.ofSeconds(10)) == null) {
                        err.println("bench lwm2m: update " + (i + 2) + " did not come within 10 s");
                        return FAILED;
                    }
                }
                TrafficCounter.Snapshot last = c.traffic().snapshot();
                long register = afterRegister.wireBytes();
                TrafficCounter.Snapshot perUpdates = last.minus(first);
                c.stop();
                TrafficCounter.Snapshot perNotifications = notifications(server, updates, err);
                if (perNotifications == null) return FAILED;
                double perUpdate = (double) perUpdates.wireBytes() / updates;
                double perNotification = (double) perNotifications.wireBytes() / updates;
                double day = 86_400.0 / period * perUpdate + (pmax == 0 ? 0 : 86_400.0 / pmax * perNotification) + register;
                out.printf("handshake+register   %d B (%d datagrams)%n", register,
                        afterRegister.sentDatagrams() + afterRegister.receivedDatagrams());
                out.printf("update               %.0f B (%.1f datagrams, averaged over %d)%n", perUpdate,
                        (double) (perUpdates.sentDatagrams() + perUpdates.receivedDatagrams()) / updates, updates);
                out.printf("notification         %.0f B (%.1f datagrams, /33002/0 at pmax, averaged over %d)%n",
                        perNotification, (double) (perNotifications.sentDatagrams() + perNotifications.receivedDatagrams())
                                / updates, updates);
                out.printf("idle day             %.0f KB at one update every %d s%s; month %.1f MB%n", day / 1000, period,
                        pmax == 0 ? ", status not observed" : " and a status notification every " + pmax + " s",
                        day * 30 / 1_000_000);
            } finally {
                c.stop();
            }
        }
        ExecuteToAudio.Result e2a;
        try {
            e2a = ExecuteToAudio.run(items, err);
        } catch (java.io.IOException e) {
            err.println("bench lwm2m: execute-to-audio: " + e.getMessage());
            return FAILED;
        }
        out.printf("execute-to-audio     cold %d ms (amplifier off: includes its warm-up); held on: p50 %.0f ms  p99 %.0f ms"
                + "  (%d items)%n", e2a.coldMillis(), e2a.percentile(0.50), e2a.percentile(0.99), items);
        return OK;
    }

    /**
     * Bytes of {@code n} Station Status notifications at the station's socket: a fresh client with a long update
     * period (none falls inside the window) registers, the server observes /33002/0 with pmin 1 s and pmax 1 s, and
     * the traffic between the first and the {@code n+1}-th notification is counted.
     */
    private static TrafficCounter.Snapshot notifications(BenchServer server, int n, PrintStream err) throws Exception {
        Lwm2mConfig cfg = Lwm2mConfig.builder(ENDPOINT, server.uri()).updatePeriod(Duration.ofSeconds(600))
                .lifetime(Duration.ofSeconds(1200)).build();
        long started = System.nanoTime();
        StationLwm2mClient c = StationLwm2mClient.builder(cfg, Lwm2mSecrets.psk(IDENTITY, KEY))
                .sensors(new IdleSensors(started)).build();
        try {
            c.start();
            if (server.nextRegistration(Duration.ofSeconds(20)) == null) {
                err.println("bench lwm2m: the status client did not register within 20 s");
                return null;
            }
            server.observe(33002, 0, 1);
            if (server.nextNotification(Duration.ofSeconds(10)) == null) {
                err.println("bench lwm2m: no Station Status notification within 10 s of observing it");
                return null;
            }
            TrafficCounter.Snapshot first = c.traffic().snapshot();
            for (int i = 0; i < n; i++) {
                if (server.nextNotification(Duration.ofSeconds(10)) == null) {
                    err.println("bench lwm2m: notification " + (i + 2) + " did not come within 10 s");
                    return null;
                }
            }
            return c.traffic().snapshot().minus(first);
        } finally {
            c.stop();
        }
    }

    /** An idle receiver's status: mains on, door shut, clock trusted, only the uptime moves. */
    private record IdleSensors(long startedNanos) implements vn.loa.agent.lwm2m.StationSensors {
        @Override public Reading read() {
            return new Reading(true, java.util.OptionalInt.empty(), false, java.util.OptionalDouble.of(41.5),
                    Duration.ofNanos(System.nanoTime() - startedNanos), 3_200_000_000L, true, java.util.Optional.of("PASS"));
        }

        @Override public void addChangeListener(Runnable listener) {
        }
    }

    private static long startToRegistered(BenchServer server, PrintStream err) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-Dtinylog.level=off", "-cp", System.getProperty("java.class.path"),
                Lwm2mBenchChild.class.getName(), server.uri().toString(), ENDPOINT, IDENTITY, HexFormat.of().formatHex(KEY)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        BenchServer.Event e = server.nextRegistration(Duration.ofSeconds(30));
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly();
        if (e == null) {
            err.println("bench lwm2m: the child JVM did not register within 30 s (exit " + (exited ? p.exitValue() : "none") + ")");
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(e.nanos() - t0);
    }
}
