package vn.loa.agent.schedule;

import vn.loa.hal.json.JsonNode;

/**
 * The {@code power} section of {@code loa.json}: what plays while the station runs on battery/UPS.
 * BACKGROUND never does; PRIORITY and EMERGENCY always do.
 * <pre>
 * "power": { "skipNormalOnBattery": false }   // the default: scheduled bulletins keep playing on battery
 * </pre>
 */
public record PowerConfig(boolean skipNormalOnBattery) {

    public static PowerConfig defaults() {
        return new PowerConfig(false);
    }

    public static PowerConfig from(JsonNode section) {
        boolean skip = section.bool("skipNormalOnBattery", false);
        section.rejectUnknownKeys();
        return new PowerConfig(skip);
    }
}
