package vn.loa.agent.lwm2m;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;

/** Object 4, Connectivity Monitoring, from a {@link NetworkStatus}; signal strength and APN only when known. */
final class ConnectivityMonitoringEnabler extends BaseInstanceEnabler {

    static final int NETWORK_BEARER = 0;
    static final int AVAILABLE_NETWORK_BEARER = 1;
    static final int RADIO_SIGNAL_STRENGTH = 2;
    static final int IP_ADDRESSES = 4;
    static final int APN = 7;

    private final NetworkStatus network;

    ConnectivityMonitoringEnabler(NetworkStatus network) {
        this.network = network;
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case NETWORK_BEARER -> ReadResponse.success(resourceId, (long) network.bearer());
            case AVAILABLE_NETWORK_BEARER -> ReadResponse.success(resourceId, indexed(network.availableBearers().stream()
                    .map(Integer::longValue).toList()), Type.INTEGER);
            case RADIO_SIGNAL_STRENGTH -> network.signalStrengthDbm().isPresent()
                    ? ReadResponse.success(resourceId, (long) network.signalStrengthDbm().getAsInt())
                    : ReadResponse.notFound();
            case IP_ADDRESSES -> ReadResponse.success(resourceId, indexed(network.ipAddresses()), Type.STRING);
            case APN -> network.apn().map(a -> ReadResponse.success(resourceId, indexed(List.of(a)), Type.STRING))
                    .orElse(ReadResponse.notFound());
            default -> super.read(server, resourceId);
        };
    }

    private static <T> Map<Integer, T> indexed(List<T> values) {
        Map<Integer, T> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) m.put(i, values.get(i));
        return m;
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(List.of(NETWORK_BEARER, AVAILABLE_NETWORK_BEARER, IP_ADDRESSES));
        if (network.signalStrengthDbm().isPresent()) ids.add(RADIO_SIGNAL_STRENGTH);
        if (network.apn().isPresent()) ids.add(APN);
        return ids;
    }
}
