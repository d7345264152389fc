package vn.loa.agent.lwm2m;

import java.util.Objects;

/**
 * Fixed facts about the station for the Device object (3): who made it, which board, which serial, which software.
 *
 * @param manufacturer    e.g. "Loa"
 * @param model           the board profile name
 * @param serial          the board's serial number (e.g. the Raspberry Pi serial)
 * @param firmwareVersion the running agent release
 */
public record DeviceInfo(String manufacturer, String model, String serial, String firmwareVersion) {
    public DeviceInfo {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    }
}
