package vn.loa.agent.lwm2m;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.tinylog.Logger;
import vn.loa.hal.time.Scheduler;
import vn.loa.ota.UpdateService;
import vn.loa.ota.UpdateSnapshot;

/**
 * Object 5, Firmware Update, mapped onto {@link UpdateService} (which holds the state machine and tells the truth
 * about failures and rollbacks). The station pulls its packages over HTTP(S): Delivery Method is 0 (pull only),
 * Protocol Support lists HTTP 1.1 and HTTPS 1.1, and a pushed Package (resource 0) is refused with 4.05.
 *
 * <p>Package URI writes are checked here before anything changes: more than {@link #MAX_URI_BYTES} bytes, or a scheme
 * that is no firmware transfer protocol at all ({@code ftp}, {@code file}, ...), get 4.00 with the reason. A URI the
 * service cannot use (a CoAP scheme, no host) is accepted and reported in Update Result (9, 7), as Object 5 asks.
 * A write or execute the service refuses in its current state gets 4.00 with the service's reason.
 *
 * <p>Threading: Leshan calls in on its own threads; writes and executes are handed to the service's control loop and
 * awaited for at most {@link #LOOP_ANSWER_MS} (5.00 if the loop does not answer). Reads use the service's published
 * snapshot and never block. Changes the service reports to its listener (on the loop) are notified (observe) from a
 * notifier thread of this enabler, in order: State, Update Result, Package URI, PkgName and PkgVersion, and the Device
 * object's Firmware Version through {@code onCommitted}.
 */
final class FirmwareUpdateEnabler extends BaseInstanceEnabler {

    static final int PACKAGE = 0;
    static final int PACKAGE_URI = 1;
    static final int UPDATE = 2;
    static final int STATE = 3;
    static final int UPDATE_RESULT = 5;
    static final int PKG_NAME = 6;
    static final int PKG_VERSION = 7;
    static final int PROTOCOL_SUPPORT = 8;
    static final int DELIVERY_METHOD = 9;

    /** Object 5 resource 1 range: 0..255 bytes. */
    static final int MAX_URI_BYTES = 255;
    /** How long a protocol thread waits for the control loop to take a write or execute. */
    static final long LOOP_ANSWER_MS = 3000;
    /** Protocol Support codes (resource 8): HTTP 1.1 and HTTPS 1.1; the downloader speaks nothing else. */
    static final long PROTOCOL_HTTP = 2;
    static final long PROTOCOL_HTTPS = 3;
    /** Delivery Method (resource 9): 0 = pull only. */
    static final long DELIVERY_PULL_ONLY = 0;
    /** The name a Loa bundle goes by in PkgName while one is downloaded or being applied. */
    static final String PACKAGE_NAME = "loa-agent";
    /**
     * URI schemes Object 5 knows as firmware transfer protocols (resource 8's list). Others are refused at the write;
     * these reach the service, which takes http(s) and reports the rest as Update Result 9.
     */
    static final Set<String> TRANSFER_SCHEMES = Set.of("http", "https", "coap", "coaps", "coap+tcp", "coaps+tcp");

    private static final List<Integer> RESOURCES = List.of(PACKAGE, PACKAGE_URI, UPDATE, STATE, UPDATE_RESULT, PKG_NAME,
            PKG_VERSION, PROTOCOL_SUPPORT, DELIVERY_METHOD);

    private final UpdateService service;
    private final Scheduler loop;
    private final Runnable onCommitted;
    /**
     * Fires notifications off the control loop: Leshan holds the object's lock while a write waits for the loop, and a
     * notification fired on the loop needs that lock. One thread keeps the order; it ends when idle.
     */
    private final ThreadPoolExecutor notifier = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "loa-lwm2m-firmware-notify");
                t.setDaemon(true);
                return t;
            });
    private UpdateSnapshot last;

    /** {@code onCommitted} runs (on the notifier thread) when the committed version changed: Object 3 notifies Firmware Version. */
    FirmwareUpdateEnabler(UpdateService service, Runnable onCommitted) {
        this.service = Objects.requireNonNull(service, "service");
        this.loop = service.loop();
        this.onCommitted = Objects.requireNonNull(onCommitted, "onCommitted");
        this.last = service.snapshot();
        notifier.allowCoreThreadTimeOut(true);
        service.addListener(now -> notifier.execute(() -> changed(now)));
    }

    private void changed(UpdateSnapshot now) {
        UpdateSnapshot before;
        synchronized (this) {
            before = last;
            last = now;
        }
        List<Integer> ids = new ArrayList<>();
        if (now.state() != before.state()) ids.add(STATE);
        if (now.result() != before.result()) ids.add(UPDATE_RESULT);
        if (!now.packageUri().equals(before.packageUri())) ids.add(PACKAGE_URI);
        if (!now.pendingVersion().equals(before.pendingVersion())) {
            if (now.pendingVersion().isPresent() != before.pendingVersion().isPresent()) ids.add(PKG_NAME);
            ids.add(PKG_VERSION);
        }
        if (!ids.isEmpty()) fireResourcesChange(getResourcePaths(ids.stream().mapToInt(Integer::intValue).toArray()));
        if (!now.committedVersion().equals(before.committedVersion())) onCommitted.run();
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        UpdateSnapshot s = service.snapshot();
        return switch (resourceId) {
            case PACKAGE_URI -> ReadResponse.success(resourceId, s.packageUri());
            case STATE -> ReadResponse.success(resourceId, (long) s.state().code());
            case UPDATE_RESULT -> ReadResponse.success(resourceId, (long) s.result().code());
            case PKG_NAME -> ReadResponse.success(resourceId, s.pendingVersion().isPresent() ? PACKAGE_NAME : "");
            case PKG_VERSION -> ReadResponse.success(resourceId, s.pendingVersion().orElse(""));
            case PROTOCOL_SUPPORT -> ReadResponse.success(resourceId, Map.of(0, PROTOCOL_HTTP, 1, PROTOCOL_HTTPS), Type.INTEGER);
            case DELIVERY_METHOD -> ReadResponse.success(resourceId, DELIVERY_PULL_ONLY);
            case PACKAGE, UPDATE -> ReadResponse.methodNotAllowed();
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        String by = Who.of(server);
        return switch (resourceId) {
            case PACKAGE -> {
                Logger.tag("lwm2m").warn("firmware package push from {} refused: this station pulls (write Package URI)", by);
                yield WriteResponse.methodNotAllowed();
            }
            case PACKAGE_URI -> writePackageUri(value, by);
            default -> super.write(server, replace, resourceId, value);
        };
    }

    private WriteResponse writePackageUri(LwM2mResource value, String by) {
        if (!(value.getValue() instanceof String uri)) {
            return WriteResponse.badRequest("Package URI must be a string");
        }
        Optional<String> refusal = refuse(uri);
        if (refusal.isPresent()) {
            Logger.tag("lwm2m").warn("Package URI from {} refused: {}", by, refusal.get());
            return WriteResponse.badRequest(refusal.get());
        }
        Logger.tag("lwm2m").info("Package URI {} written by {}", uri.isEmpty() ? "(empty: cancel)" : "'" + uri + "'", by);
        return switch (onLoop(() -> service.writePackageUri(uri))) {
            case Answer.Done(UpdateService.Request.Accepted a) -> WriteResponse.success();
            case Answer.Done(UpdateService.Request.Rejected r) -> WriteResponse.badRequest(r.reason());
            case Answer.NoAnswer n -> WriteResponse.internalServerError(n.reason());
        };
    }

    /** Why a Package URI is refused at the write (nothing changes), or empty when the service should have it. */
    static Optional<String> refuse(String uri) {
        int bytes = uri.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_URI_BYTES) {
            return Optional.of("Package URI is " + bytes + " bytes; Object 5 allows at most " + MAX_URI_BYTES);
        }
        String trimmed = uri.trim();
        if (trimmed.isEmpty()) return Optional.empty();
        String scheme;
        try {
            scheme = new URI(trimmed).getScheme();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (scheme != null && !TRANSFER_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.of("Package URI scheme '" + scheme + "' is not a firmware transfer protocol; this station"
                    + " downloads over http or https");
        }
        return Optional.empty();
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != UPDATE) return super.execute(server, resourceId, arguments);
        String by = Who.of(server);
        Logger.tag("lwm2m").info("firmware Update executed by {}", by);
        return switch (onLoop(service::executeUpdate)) {
            case Answer.Done(UpdateService.Request.Accepted a) -> ExecuteResponse.success();
            case Answer.Done(UpdateService.Request.Rejected r) -> {
                Logger.tag("lwm2m").warn("firmware Update from {} refused: {}", by, r.reason());
                yield ExecuteResponse.badRequest(r.reason());
            }
            case Answer.NoAnswer n -> ExecuteResponse.internalServerError(n.reason());
        };
    }

    /** What the control loop said, or that it did not answer in time. */
    private sealed interface Answer {
        record Done(UpdateService.Request request) implements Answer { }
        record NoAnswer(String reason) implements Answer { }
    }

    private Answer onLoop(Supplier<UpdateService.Request> call) {
        if (loop.inLoop()) return new Answer.Done(call.get());
        CompletableFuture<UpdateService.Request> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(call.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return new Answer.Done(f.get(LOOP_ANSWER_MS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Answer.NoAnswer("the control loop did not take the request within " + LOOP_ANSWER_MS
                    + " ms; it may still apply: read State");
        } catch (ExecutionException e) {
            Logger.tag("lwm2m").error(e.getCause(), "the update service failed a request");
            return new Answer.NoAnswer("the update service failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.NoAnswer("interrupted while waiting for the control loop");
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
