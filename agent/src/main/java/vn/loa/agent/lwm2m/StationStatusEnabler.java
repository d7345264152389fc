package vn.loa.agent.lwm2m;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * Object 33002, Loa Station Status, over {@link StationSensors}. When the sensors report a change, the resources
 * that changed (mains, tamper, temperature, clock trust, self-test) are notified, so an observing headend hears a
 * mains loss within its pmin; uptime and disk free are reported on read and at pmax only.
 */
final class StationStatusEnabler extends BaseInstanceEnabler {

    static final int MAINS_PRESENT = 0;
    static final int TAMPER = 1;
    static final int ENCLOSURE_TEMPERATURE = 2;
    static final int UPTIME = 3;
    static final int DISK_FREE = 4;
    static final int CLOCK_TRUSTED = 5;
    static final int LAST_SELF_TEST = 6;
    static final int SPEAKER_LINES_OPEN = 7;

    private final StationSensors sensors;
    private StationSensors.Reading last;

    StationStatusEnabler(StationSensors sensors) {
        this.sensors = sensors;
        this.last = sensors.read();
        sensors.addChangeListener(this::changed);
    }

    private void changed() {
        StationSensors.Reading now = sensors.read();
        StationSensors.Reading before;
        synchronized (this) {
            before = last;
            last = now;
        }
        List<Integer> ids = new ArrayList<>();
        if (now.mainsPresent() != before.mainsPresent()) ids.add(MAINS_PRESENT);
        if (now.tamper() != before.tamper()) ids.add(TAMPER);
        if (!now.enclosureCelsius().equals(before.enclosureCelsius())) ids.add(ENCLOSURE_TEMPERATURE);
        if (now.clockTrusted() != before.clockTrusted()) ids.add(CLOCK_TRUSTED);
        if (!now.lastSelfTest().equals(before.lastSelfTest())) ids.add(LAST_SELF_TEST);
        if (!now.speakerLinesOpen().equals(before.speakerLinesOpen())) ids.add(SPEAKER_LINES_OPEN);
        if (!ids.isEmpty()) fireResourcesChange(getResourcePaths(ids.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        StationSensors.Reading r = sensors.read();
        return switch (resourceId) {
            case MAINS_PRESENT -> ReadResponse.success(resourceId, r.mainsPresent());
            case TAMPER -> ReadResponse.success(resourceId, r.tamper());
            case ENCLOSURE_TEMPERATURE -> r.enclosureCelsius().isPresent()
                    ? ReadResponse.success(resourceId, r.enclosureCelsius().getAsDouble()) : ReadResponse.notFound();
            case UPTIME -> ReadResponse.success(resourceId, r.uptime().toSeconds());
            case DISK_FREE -> ReadResponse.success(resourceId, r.diskFreeBytes() / 1024);
            case CLOCK_TRUSTED -> ReadResponse.success(resourceId, r.clockTrusted());
            case LAST_SELF_TEST -> ReadResponse.success(resourceId, r.lastSelfTest().orElse(""));
            case SPEAKER_LINES_OPEN -> r.speakerLinesOpen().isPresent()
                    ? ReadResponse.success(resourceId, r.speakerLinesOpen().get()) : ReadResponse.notFound();
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(List.of(MAINS_PRESENT, TAMPER, UPTIME, DISK_FREE, CLOCK_TRUSTED, LAST_SELF_TEST));
        if (sensors.read().enclosureCelsius().isPresent()) ids.add(ENCLOSURE_TEMPERATURE);
        if (sensors.read().speakerLinesOpen().isPresent()) ids.add(SPEAKER_LINES_OPEN);
        return ids;
    }
}
