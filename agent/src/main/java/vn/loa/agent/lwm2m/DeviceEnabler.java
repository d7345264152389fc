package vn.loa.agent.lwm2m;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import vn.loa.hal.time.Clock;

/**
 * Object 3, Device: identity, power (mains, battery), error codes, time and zone, and Reboot (the safe reboot hook).
 * Time, UTC offset and time zone are read-only in practice: the clock is set by NTP, the zone by configuration.
 * Fires changes of power sources, battery and error codes when the sensors or the amplifier report a change.
 * Firmware Version is the committed release (what the station boots; it changes when an update commits), Software
 * Version the release running now (they differ while a new version is on trial); both are read when asked.
 */
final class DeviceEnabler extends BaseInstanceEnabler {

    static final int MANUFACTURER = 0;
    static final int MODEL_NUMBER = 1;
    static final int SERIAL_NUMBER = 2;
    static final int FIRMWARE_VERSION = 3;
    static final int REBOOT = 4;
    static final int AVAILABLE_POWER_SOURCES = 6;
    static final int BATTERY_LEVEL = 9;
    static final int ERROR_CODE = 11;
    static final int CURRENT_TIME = 13;
    static final int UTC_OFFSET = 14;
    static final int TIMEZONE = 15;
    static final int SUPPORTED_BINDING = 16;
    static final int DEVICE_TYPE = 17;
    static final int SOFTWARE_VERSION = 19;
    static final int BATTERY_STATUS = 20;

    /** Power source codes of Object 3 resource 6. */
    static final long POWER_INTERNAL_BATTERY = 1;
    static final long POWER_AC_MAINS = 6;
    /** Error codes of Object 3 resource 11. */
    static final long ERROR_NONE = 0;
    static final long ERROR_LOW_BATTERY = 1;
    static final long ERROR_EXTERNAL_POWER_OFF = 2;
    static final long ERROR_PERIPHERAL_MALFUNCTION = 8;
    /** Battery status codes of resource 20. */
    static final long BATTERY_NORMAL = 0;
    static final long BATTERY_LOW = 4;
    static final int LOW_BATTERY_PERCENT = 20;

    private final DeviceInfo info;
    private final Clock clock;
    private final Optional<StationSensors> sensors;
    private final Optional<AudioControl> audio;
    private final Optional<RebootHook> reboot;
    private final Supplier<String> firmwareVersion;
    private final Supplier<String> softwareVersion;

    DeviceEnabler(DeviceInfo info, Clock clock, Optional<StationSensors> sensors, Optional<AudioControl> audio,
                  Optional<RebootHook> reboot) {
        this(info, clock, sensors, audio, reboot, info::firmwareVersion, info::firmwareVersion);
    }

    /** {@code firmwareVersion}: the committed release; {@code softwareVersion}: the running one; any thread, never block. */
    DeviceEnabler(DeviceInfo info, Clock clock, Optional<StationSensors> sensors, Optional<AudioControl> audio,
                  Optional<RebootHook> reboot, Supplier<String> firmwareVersion, Supplier<String> softwareVersion) {
        this.firmwareVersion = firmwareVersion;
        this.softwareVersion = softwareVersion;
        this.info = info;
        this.clock = clock;
        this.sensors = sensors;
        this.audio = audio;
        this.reboot = reboot;
        sensors.ifPresent(s -> s.addChangeListener(() -> fireResourcesChange(
                getResourcePaths(AVAILABLE_POWER_SOURCES, BATTERY_LEVEL, BATTERY_STATUS, ERROR_CODE))));
        audio.ifPresent(a -> a.addStatusListener(() -> fireResourceChange(ERROR_CODE)));
    }

    /** The committed release changed (an update committed, a rollback was learned): observers hear it. */
    void firmwareVersionChanged() {
        fireResourceChange(FIRMWARE_VERSION);
    }

    private boolean hasBattery() {
        return sensors.map(s -> s.read().batteryPercent().isPresent()).orElse(false);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        return switch (resourceId) {
            case MANUFACTURER -> ReadResponse.success(resourceId, info.manufacturer());
            case MODEL_NUMBER -> ReadResponse.success(resourceId, info.model());
            case SERIAL_NUMBER -> ReadResponse.success(resourceId, info.serial());
            case FIRMWARE_VERSION -> ReadResponse.success(resourceId, firmwareVersion.get());
            case SOFTWARE_VERSION -> ReadResponse.success(resourceId, softwareVersion.get());
            case AVAILABLE_POWER_SOURCES -> {
                Map<Integer, Long> m = new HashMap<>();
                m.put(0, POWER_AC_MAINS);
                if (hasBattery()) m.put(1, POWER_INTERNAL_BATTERY);
                yield ReadResponse.success(resourceId, m, Type.INTEGER);
            }
            case BATTERY_LEVEL -> sensors.map(StationSensors::read).filter(r -> r.batteryPercent().isPresent())
                    .map(r -> ReadResponse.success(resourceId, (long) r.batteryPercent().getAsInt()))
                    .orElse(ReadResponse.notFound());
            case BATTERY_STATUS -> sensors.map(StationSensors::read).filter(r -> r.batteryPercent().isPresent())
                    .map(r -> ReadResponse.success(resourceId,
                            r.batteryPercent().getAsInt() < LOW_BATTERY_PERCENT ? BATTERY_LOW : BATTERY_NORMAL))
                    .orElse(ReadResponse.notFound());
            case ERROR_CODE -> ReadResponse.success(resourceId, errorCodes(), Type.INTEGER);
            case CURRENT_TIME -> ReadResponse.success(resourceId, Date.from(clock.now()));
            case UTC_OFFSET -> ReadResponse.success(resourceId, utcOffset());
            case TIMEZONE -> ReadResponse.success(resourceId, clock.zone().getId());
            case SUPPORTED_BINDING -> ReadResponse.success(resourceId, "U");
            case DEVICE_TYPE -> ReadResponse.success(resourceId, "loudspeaker receiver");
            default -> super.read(server, resourceId);
        };
    }

    private String utcOffset() {
        ZoneOffset o = clock.zone().getRules().getOffset(clock.now());
        return o.getTotalSeconds() == 0 ? "Z" : o.getId();
    }

    private Map<Integer, Long> errorCodes() {
        List<Long> codes = new ArrayList<>();
        sensors.map(StationSensors::read).ifPresent(r -> {
            if (!r.mainsPresent()) codes.add(ERROR_EXTERNAL_POWER_OFF);
            if (r.batteryPercent().isPresent() && r.batteryPercent().getAsInt() < LOW_BATTERY_PERCENT) {
                codes.add(ERROR_LOW_BATTERY);
            }
        });
        audio.map(AudioControl::status).ifPresent(s -> {
            if (s.amplifierFault() || !s.soundCardPresent()) codes.add(ERROR_PERIPHERAL_MALFUNCTION);
        });
        if (codes.isEmpty()) codes.add(ERROR_NONE);
        Map<Integer, Long> m = new HashMap<>();
        for (int i = 0; i < codes.size(); i++) m.put(i, codes.get(i));
        return m;
    }

    private volatile ServerTimeSink serverTimeSink;

    /** From now on a write of Current Time goes to {@code sink} (without one it is refused: the clock is NTP's). */
    void serverTimeSink(ServerTimeSink sink) {
        this.serverTimeSink = sink;
    }

    private WriteResponse serverTime(LwM2mServer server, LwM2mResource value) {
        ServerTimeSink sink = serverTimeSink;
        if (sink == null) return WriteResponse.badRequest("the station's clock is set by NTP, not by the server");
        if (value.isMultiInstances() || !(value.getValue() instanceof Date d)) {
            return WriteResponse.badRequest("Current Time takes one time value");
        }
        String verdict = sink.offered(d.toInstant());
        org.tinylog.Logger.tag("clock").info("server {} says the time is {}: {}", Who.of(server), d.toInstant(), verdict);
        return WriteResponse.success();
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        return switch (resourceId) {
            case CURRENT_TIME -> serverTime(server, value);
            case UTC_OFFSET, TIMEZONE -> WriteResponse.badRequest("the time zone is set in the station's configuration ("
                    + clock.zone().getId() + ")");
            default -> super.write(server, replace, resourceId, value);
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId == REBOOT) {
            if (reboot.isEmpty()) return ExecuteResponse.internalServerError("this station has no reboot hook wired");
            String by = Who.of(server);
            Logger.tag("lwm2m").warn("reboot requested by {}: safe reboot", by);
            reboot.get().safeReboot(by);
            return ExecuteResponse.success();
        }
        return super.execute(server, resourceId, arguments);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>(List.of(MANUFACTURER, MODEL_NUMBER, SERIAL_NUMBER, FIRMWARE_VERSION, REBOOT,
                AVAILABLE_POWER_SOURCES, ERROR_CODE, CURRENT_TIME, UTC_OFFSET, TIMEZONE, SUPPORTED_BINDING, DEVICE_TYPE,
                SOFTWARE_VERSION));
        if (hasBattery()) {
            ids.add(BATTERY_LEVEL);
            ids.add(BATTERY_STATUS);
        }
        return ids;
    }
}
