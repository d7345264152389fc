package vn.loa.testbench.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the page (and {@code GET /state}) receives for a {@link StationView}. Field names are the record
 * components'; levels are lower-case words; times ISO-8601; an idle receiver has {@code "playing": null}.
 */
final class StationJson {

    private StationJson() {
    }

    static String render(StationView v) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", v.at().toString());
        List<Object> receivers = new ArrayList<>();
        for (ReceiverView r : v.receivers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("label", r.label());
            m.put("registration", r.registration().name().toLowerCase(java.util.Locale.ROOT));
            m.put("registrationDetail", r.registrationDetail());
            m.put("amplifier", r.amplifier());
            m.put("playing", r.playing().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("itemId", p.itemId());
                pm.put("title", p.title());
                pm.put("level", p.level().lower());
                return (Object) pm;
            }).orElse(null));
            m.put("volume", r.volume());
            m.put("bufferFill", r.bufferFill());
            m.put("underruns", r.underruns());
            m.put("mainsPresent", r.mainsPresent());
            m.put("doorOpen", r.doorOpen());
            m.put("amplifierFault", r.amplifierFault());
            m.put("networkUp", r.networkUp());
            m.put("impairment", r.impairment());
            m.put("diskFull", r.diskFull());
            m.put("version", r.version());
            m.put("meter", r.meter());
            m.put("outOfService", r.outOfService());
            m.put("speakerLineOpen", r.speakerLineOpen());
            receivers.add(m);
        }
        root.put("receivers", receivers);
        List<Object> log = new ArrayList<>();
        for (PlayLogEntry e : v.playLog()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.at().toString());
            m.put("receiverId", e.receiverId());
            m.put("itemId", e.itemId());
            m.put("title", e.title());
            m.put("level", e.level().lower());
            m.put("result", e.result());
            log.add(m);
        }
        root.put("playLog", log);
        try {
            return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the station view as JSON", e);
        }
    }
}
