package vn.loa.agent.lwm2m;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import vn.loa.hal.time.Scheduler;

/**
 * Proves a configuration end to end, for the installer's {@code provision --check}: resolves the server's name,
 * completes the DTLS handshake and registers, then deregisters. The first failing step is named in the result.
 *
 * <p>Blocks the calling thread for at most the given timeout (plus about a second to deregister).
 */
public final class ConnectionCheck {

    /** The step that failed, in the order they are tried. */
    public enum Step { DNS, UNREACHABLE, HANDSHAKE, REJECTED, TIMEOUT }

    /** The answer of a check. */
    public sealed interface Result {
        record Ok(String endpoint, String server) implements Result { }

        record Failed(Step step, String reason) implements Result { }
    }

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = InetAddress::getAllByName;
    }

    private ConnectionCheck() {
    }

    public static Result run(Lwm2mConfig config, Lwm2mSecrets secrets, Resolver resolver, Scheduler scheduler,
                             Duration timeout) throws InterruptedException {
        String host = config.serverUri().getHost();
        try {
            InetAddress[] a = resolver.resolve(host);
            if (a.length == 0) return new Result.Failed(Step.DNS, "the name '" + host + "' has no address");
        } catch (UnknownHostException e) {
            return new Result.Failed(Step.DNS, "the name '" + host + "' does not resolve (check the server URI and DNS)");
        }
        CompletableFuture<RegistrationOutcome> first = new CompletableFuture<>();
        StationLwm2mClient client = StationLwm2mClient.builder(config, secrets).scheduler(scheduler)
                .listener((o, retry) -> {
                    if (!(o instanceof RegistrationOutcome.Deregistered)) first.complete(o);
                }).build();
        try {
            client.start();
            RegistrationOutcome o = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return switch (o) {
                case RegistrationOutcome.Registered r -> new Result.Ok(config.endpoint(), client.serverUri());
                case RegistrationOutcome.Failed f -> new Result.Failed(switch (f.failure()) {
                    case UNREACHABLE -> Step.UNREACHABLE;
                    case HANDSHAKE_FAILED -> Step.HANDSHAKE;
                    case REJECTED, BOOTSTRAP_FAILED -> Step.REJECTED;
                    case TIMEOUT -> Step.TIMEOUT;
                }, f.reason());
                case RegistrationOutcome.Deregistered d -> new Result.Failed(Step.REJECTED, "deregistered before registering");
            };
        } catch (TimeoutException e) {
            return new Result.Failed(Step.TIMEOUT, "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Result.Failed(Step.UNREACHABLE, String.valueOf(e.getCause()));
        } finally {
            client.stop();
        }
    }
}
