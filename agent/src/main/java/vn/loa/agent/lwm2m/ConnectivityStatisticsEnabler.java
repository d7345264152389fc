package vn.loa.agent.lwm2m;

import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import vn.loa.hal.time.Cancellable;
import vn.loa.hal.time.Scheduler;

/**
 * Object 7, Connectivity Statistics, over the {@link TrafficCounter} at the DTLS socket. Collects from client start;
 * Start resets and collects again, Stop freezes the figures, a non-zero Collection Period stops collecting after that
 * many seconds. Tx/Rx Data are kilobytes including the IPv4 + UDP estimate. Synchronized.
 */
final class ConnectivityStatisticsEnabler extends BaseInstanceEnabler {

    static final int SMS_TX_COUNTER = 0;
    static final int SMS_RX_COUNTER = 1;
    static final int TX_DATA = 2;
    static final int RX_DATA = 3;
    static final int MAX_MESSAGE_SIZE = 4;
    static final int AVERAGE_MESSAGE_SIZE = 5;
    static final int START = 6;
    static final int STOP = 7;
    static final int COLLECTION_PERIOD = 8;

    private final TrafficCounter counter;
    private final Scheduler scheduler;
    private TrafficCounter.Snapshot base = new TrafficCounter.Snapshot(0, 0, 0, 0, 0);
    private TrafficCounter.Snapshot frozen;
    private long periodSeconds;
    private Cancellable periodEnd = Cancellable.NONE;

    ConnectivityStatisticsEnabler(TrafficCounter counter, Scheduler scheduler) {
        this.counter = counter;
        this.scheduler = scheduler;
    }

    private synchronized TrafficCounter.Snapshot window() {
        return frozen != null ? frozen : counter.snapshot().minus(base);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        TrafficCounter.Snapshot w = window();
        return switch (resourceId) {
            case SMS_TX_COUNTER, SMS_RX_COUNTER -> ReadResponse.success(resourceId, 0L);
            case TX_DATA -> ReadResponse.success(resourceId,
                    (w.sentBytes() + TrafficCounter.IPV4_UDP_OVERHEAD * w.sentDatagrams()) / 1024);
            case RX_DATA -> ReadResponse.success(resourceId,
                    (w.receivedBytes() + TrafficCounter.IPV4_UDP_OVERHEAD * w.receivedDatagrams()) / 1024);
            case MAX_MESSAGE_SIZE -> ReadResponse.success(resourceId, w.largest());
            case AVERAGE_MESSAGE_SIZE -> {
                long n = w.sentDatagrams() + w.receivedDatagrams();
                yield ReadResponse.success(resourceId, n == 0 ? 0L : (w.sentBytes() + w.receivedBytes()) / n);
            }
            case COLLECTION_PERIOD -> ReadResponse.success(resourceId, periodSeconds());
            default -> super.read(server, resourceId);
        };
    }

    private synchronized long periodSeconds() {
        return periodSeconds;
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId == COLLECTION_PERIOD) {
            long s = (Long) value.getValue();
            if (s < 0 || s > 31L * 86_400) return WriteResponse.badRequest("collection period " + s + " outside 0.." + 31L * 86_400 + " s");
            periodSeconds = s;
            return WriteResponse.success();
        }
        return super.write(server, replace, resourceId, value);
    }

    @Override
    public synchronized ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case START -> {
                periodEnd.cancel();
                base = counter.snapshot();
                frozen = null;
                if (periodSeconds > 0) periodEnd = scheduler.schedule(Duration.ofSeconds(periodSeconds), this::stop);
                fireResourcesChange(getResourcePaths(TX_DATA, RX_DATA));
                return ExecuteResponse.success();
            }
            case STOP -> {
                stop();
                return ExecuteResponse.success();
            }
            default -> {
                return super.execute(server, resourceId, arguments);
            }
        }
    }

    private synchronized void stop() {
        periodEnd.cancel();
        if (frozen == null) frozen = counter.snapshot().minus(base);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(SMS_TX_COUNTER, SMS_RX_COUNTER, TX_DATA, RX_DATA, MAX_MESSAGE_SIZE, AVERAGE_MESSAGE_SIZE, START,
                STOP, COLLECTION_PERIOD);
    }
}
