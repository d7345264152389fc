package vn.loa.agent.lwm2m;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.tinylog.Logger;

/**
 * Object 33003, Loa Play Log, over a {@link PlayLogFeed}: the oldest pending records, the last sequence number, the
 * headend's cumulative acknowledgement (writable) and the pending count. A new record notifies records, last
 * sequence and count, so an observing headend hears what was aired within its pmin, and after an outage (a new
 * registration, a new observation) reads everything still pending: nothing aired goes unreported, and the headend,
 * keeping records by (endpoint, seq), stores each once.
 */
final class PlayLogEnabler extends BaseInstanceEnabler {

    static final int PENDING_RECORDS = 0;
    static final int LAST_SEQUENCE = 1;
    static final int ACKNOWLEDGED_UP_TO = 2;
    static final int PENDING_COUNT = 3;
    /** Records offered at once: keeps one notification well inside a CoAP block (~16 x 300 B). */
    static final int BATCH = 16;

    private final PlayLogFeed feed;

    PlayLogEnabler(PlayLogFeed feed) {
        this.feed = feed;
        feed.addAppendListener(() -> fireResourcesChange(getResourcePaths(PENDING_RECORDS, LAST_SEQUENCE, PENDING_COUNT)));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case PENDING_RECORDS -> {
                Map<Integer, String> byId = new LinkedHashMap<>();
                for (PlayLogFeed.Pending p : feed.pending(BATCH)) byId.put((int) (p.seq() % 65536), p.json());
                yield ReadResponse.success(LwM2mMultipleResource.newStringResource(PENDING_RECORDS, byId));
            }
            case LAST_SEQUENCE -> ReadResponse.success(resourceId, feed.lastSeq());
            case ACKNOWLEDGED_UP_TO -> ReadResponse.success(resourceId, feed.acknowledgedUpTo());
            case PENDING_COUNT -> ReadResponse.success(resourceId, (long) feed.pendingCount());
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId != ACKNOWLEDGED_UP_TO) return super.write(server, replace, resourceId, value);
        if (value.isMultiInstances() || value.getType() != Type.INTEGER || !(value instanceof LwM2mSingleResource)) {
            return WriteResponse.badRequest("Acknowledged Up To takes one integer (the highest sequence number stored)");
        }
        long upTo = ((Number) value.getValue()).longValue();
        if (upTo < 0) return WriteResponse.badRequest("Acknowledged Up To " + upTo + " is negative");
        PlayLogFeed.Ack ack = feed.acknowledge(upTo);
        if (ack instanceof PlayLogFeed.Ack.Refused r) {
            Logger.tag("lwm2m").warn("play log acknowledgement {} from {} refused: {}", upTo, Who.of(server), r.reason());
            return WriteResponse.badRequest(r.reason());
        }
        fireResourcesChange(getResourcePaths(PENDING_RECORDS, ACKNOWLEDGED_UP_TO, PENDING_COUNT));
        return WriteResponse.success();
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return List.of(PENDING_RECORDS, LAST_SEQUENCE, ACKNOWLEDGED_UP_TO, PENDING_COUNT);
    }
}
