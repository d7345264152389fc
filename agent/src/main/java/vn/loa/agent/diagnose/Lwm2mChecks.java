package vn.loa.agent.diagnose;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import vn.loa.agent.lwm2m.ConnectionCheck;
import vn.loa.agent.lwm2m.Lwm2mConfig;
import vn.loa.agent.lwm2m.Lwm2mSecrets;
import vn.loa.hal.time.Scheduler;

/**
 * The management plane, when the station has an {@code lwm2m} section: the DTLS handshake with the server
 * ({@code dtls}) and the registration ({@code registered}). Both lines come from one real attempt through
 * {@link ConnectionCheck} (resolve, handshake, register, deregister), the same code as {@code ./loa provision --check};
 * the attempt runs once, when the first of the two checks runs.
 *
 * <p>The secrets are read by the caller; this class never prints them, only the PSK identity's absence or presence.
 */
public final class Lwm2mChecks {

    private Lwm2mChecks() {
    }

    /** Runs {@code attempt} at most once and hands every caller its answer. */
    private static final class Once {
        private final Callable<ConnectionCheck.Result> attempt;
        private ConnectionCheck.Result result;

        Once(Callable<ConnectionCheck.Result> attempt) {
            this.attempt = attempt;
        }

        synchronized ConnectionCheck.Result get() throws Exception {
            if (result == null) result = attempt.call();
            return result;
        }
    }

    /** The two checks against the configured server, with {@code timeout} for the whole attempt. */
    public static List<Check> of(Lwm2mConfig config, Lwm2mSecrets secrets, ConnectionCheck.Resolver resolver,
                                 Scheduler scheduler, Duration timeout) {
        String server = config.serverUri().toString();
        Once once = new Once(() -> ConnectionCheck.run(config, secrets, resolver, scheduler, timeout));
        return List.of(Check.of("dtls", () -> dtls(once.get(), server)),
                Check.of("registered", () -> registered(once.get(), server, config.endpoint())));
    }

    static CheckResult dtls(ConnectionCheck.Result r, String server) {
        if (r instanceof ConnectionCheck.Result.Ok) return CheckResult.pass("DTLS handshake with " + server + " completed");
        ConnectionCheck.Result.Failed f = (ConnectionCheck.Result.Failed) r;
        return switch (f.step()) {
            case REJECTED -> CheckResult.pass("DTLS handshake with " + server + " completed");
            case HANDSHAKE -> CheckResult.fail("DTLS handshake with " + server + " rejected (" + f.reason() + ")",
                    "likely a wrong PSK identity or key (the server does not know this receiver's keys)",
                    "re-provision the receiver with the keys the headend holds: './loa provision ... --check'");
            case DNS, UNREACHABLE -> CheckResult.fail("no DTLS handshake with " + server + ": " + f.reason(),
                    "the server cannot be reached (no network, wrong server address)",
                    "fix the network first (see the 'server' line), then check the server URI in lwm2m.json");
            case TIMEOUT -> CheckResult.fail("no DTLS handshake with " + server + ": " + f.reason(),
                    "the server does not answer on its CoAPS port (firewall, server down, UDP blocked)",
                    "ask the headend operator whether the server runs; check that UDP to its port is allowed");
        };
    }

    static CheckResult registered(ConnectionCheck.Result r, String server, String endpoint) {
        if (r instanceof ConnectionCheck.Result.Ok ok) {
            return CheckResult.pass("registered with " + ok.server() + " as '" + ok.endpoint() + "' (and deregistered again)");
        }
        ConnectionCheck.Result.Failed f = (ConnectionCheck.Result.Failed) r;
        if (f.step() == ConnectionCheck.Step.REJECTED) {
            return CheckResult.fail("not registered: " + server + " refused endpoint '" + endpoint + "' (" + f.reason() + ")",
                    "the headend does not know this endpoint name, or knows it with other keys",
                    "ask the headend operator to add endpoint '" + endpoint + "', or re-provision with the right "
                            + "endpoint: './loa provision ... --check'");
        }
        return CheckResult.fail("not registered: no secure connection to " + server + " (see the 'dtls' line)",
                "the DTLS handshake did not complete", "fix what the 'dtls' line names first");
    }
}
