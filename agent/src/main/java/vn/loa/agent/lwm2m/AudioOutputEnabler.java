package vn.loa.agent.lwm2m;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.tinylog.Logger;

/**
 * Object 33000, Loa Audio Output, over an {@link AudioControl}. Writes are range-checked here (a bad value gets 4.00
 * and changes nothing) and handed to the audio engine; changed resources are notified when the engine reports a change.
 */
final class AudioOutputEnabler extends BaseInstanceEnabler {

    static final int VOLUME = 0;
    static final int MUTE = 1;
    static final int EMERGENCY_MIN_VOLUME = 2;
    static final int AMPLIFIER_STATE = 3;
    static final int AMPLIFIER_FAULT = 4;
    static final int SOUND_CARD_PRESENT = 5;
    static final int UNDERRUN_COUNT = 6;
    static final int CURRENT_LEVEL = 7;
    static final int CURRENT_ITEM_ID = 8;
    static final int OUT_OF_SERVICE = 9;

    private static final List<Integer> RESOURCES = List.of(VOLUME, MUTE, EMERGENCY_MIN_VOLUME, AMPLIFIER_STATE,
            AMPLIFIER_FAULT, SOUND_CARD_PRESENT, UNDERRUN_COUNT, CURRENT_LEVEL, CURRENT_ITEM_ID, OUT_OF_SERVICE);

    private final AudioControl audio;
    private AudioControl.Status last;

    AudioOutputEnabler(AudioControl audio) {
        this.audio = audio;
        this.last = audio.status();
        audio.addStatusListener(this::statusChanged);
    }

    private void statusChanged() {
        AudioControl.Status now = audio.status();
        AudioControl.Status before;
        synchronized (this) {
            before = last;
            last = now;
        }
        List<Integer> changed = new ArrayList<>();
        if (now.volume() != before.volume()) changed.add(VOLUME);
        if (now.muted() != before.muted()) changed.add(MUTE);
        if (now.emergencyMinVolume() != before.emergencyMinVolume()) changed.add(EMERGENCY_MIN_VOLUME);
        if (now.amplifier() != before.amplifier()) changed.add(AMPLIFIER_STATE);
        if (now.amplifierFault() != before.amplifierFault()) changed.add(AMPLIFIER_FAULT);
        if (now.soundCardPresent() != before.soundCardPresent()) changed.add(SOUND_CARD_PRESENT);
        if (now.underruns() != before.underruns()) changed.add(UNDERRUN_COUNT);
        if (!now.currentLevel().equals(before.currentLevel())) changed.add(CURRENT_LEVEL);
        if (!now.currentItemId().equals(before.currentItemId())) changed.add(CURRENT_ITEM_ID);
        if (now.outOfService() != before.outOfService()) changed.add(OUT_OF_SERVICE);
        if (!changed.isEmpty()) fireResourcesChange(getResourcePaths(changed.stream().mapToInt(Integer::intValue).toArray()));
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        AudioControl.Status s = audio.status();
        return switch (resourceId) {
            case VOLUME -> ReadResponse.success(resourceId, (long) s.volume());
            case MUTE -> ReadResponse.success(resourceId, s.muted());
            case EMERGENCY_MIN_VOLUME -> ReadResponse.success(resourceId, (long) s.emergencyMinVolume());
            case AMPLIFIER_STATE -> ReadResponse.success(resourceId, s.amplifier().name().toLowerCase(Locale.ROOT));
            case AMPLIFIER_FAULT -> ReadResponse.success(resourceId, s.amplifierFault());
            case SOUND_CARD_PRESENT -> ReadResponse.success(resourceId, s.soundCardPresent());
            case UNDERRUN_COUNT -> ReadResponse.success(resourceId, s.underruns());
            case CURRENT_LEVEL -> ReadResponse.success(resourceId, s.currentLevel().map(l -> l.lower()).orElse("idle"));
            case CURRENT_ITEM_ID -> ReadResponse.success(resourceId, s.currentItemId().orElse(""));
            case OUT_OF_SERVICE -> ReadResponse.success(resourceId, s.outOfService());
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        String by = Who.of(server);
        switch (resourceId) {
            case VOLUME, EMERGENCY_MIN_VOLUME -> {
                long v = (Long) value.getValue();
                String what = resourceId == VOLUME ? "volume" : "emergency minimum volume";
                if (v < 0 || v > 100) {
                    Logger.tag("lwm2m").warn("{} {} from {} refused: outside 0..100", what, v, by);
                    return WriteResponse.badRequest(what + " " + v + " outside 0..100");
                }
                Logger.tag("lwm2m").info("{} set to {} by {}", what, v, by);
                if (resourceId == VOLUME) audio.setVolume((int) v, by);
                else audio.setEmergencyMinVolume((int) v, by);
                return WriteResponse.success();
            }
            case MUTE -> {
                boolean m = (Boolean) value.getValue();
                Logger.tag("lwm2m").info("mute set to {} by {}", m, by);
                audio.setMuted(m, by);
                return WriteResponse.success();
            }
            case OUT_OF_SERVICE -> {
                boolean o = (Boolean) value.getValue();
                if (o) Logger.tag("lwm2m").warn("out of service (amplifiers held off, nothing plays) by {}", by);
                else Logger.tag("lwm2m").info("back in service by {}", by);
                audio.setOutOfService(o, by);
                return WriteResponse.success();
            }
            default -> {
                return super.write(server, replace, resourceId, value);
            }
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
