package vn.loa.agent.lwm2m;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/** Object 6, Location: the position recorded at provisioning (a GPS driver may replace it later). */
final class LocationEnabler extends BaseInstanceEnabler {

    static final int LATITUDE = 0;
    static final int LONGITUDE = 1;
    static final int ALTITUDE = 2;
    static final int TIMESTAMP = 5;

    private final Lwm2mConfig.Location location;

    LocationEnabler(Lwm2mConfig.Location location) {
        this.location = location;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case LATITUDE -> ReadResponse.success(resourceId, location.latitude());
            case LONGITUDE -> ReadResponse.success(resourceId, location.longitude());
            case ALTITUDE -> location.altitude().map(a -> ReadResponse.success(resourceId, a.doubleValue()))
                    .orElse(ReadResponse.notFound());
            case TIMESTAMP -> ReadResponse.success(resourceId, Date.from(location.measuredAt()));
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(List.of(LATITUDE, LONGITUDE, TIMESTAMP));
        if (location.altitude().isPresent()) ids.add(ALTITUDE);
        return ids;
    }
}
