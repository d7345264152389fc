package vn.loa.agent.diagnose;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import vn.loa.agent.audio.JavaSoundSink;
import vn.loa.hal.BoardProfile;

/**
 * A sound card that can play 16-bit PCM is present, and when {@code audio.device} names one, a card of that name.
 * On the simulated board audio goes to a WAV capture file, so no card is needed. Nothing is played.
 */
public final class SoundCardCheck implements Check {

    private final BoardProfile.BoardModel model;
    private final String device;
    private final Supplier<List<String>> devices;

    /** @param devices the output devices ({@link JavaSoundSink#listDevices()} on a device) */
    public SoundCardCheck(BoardProfile.BoardModel model, String device, Supplier<List<String>> devices) {
        this.model = model;
        this.device = device == null ? "" : device;
        this.devices = devices;
    }

    public SoundCardCheck(BoardProfile.BoardModel model, String device) {
        this(model, device, JavaSoundSink::listDevices);
    }

    @Override public String name() {
        return "sound";
    }

    @Override public CheckResult run() {
        if (model == BoardProfile.BoardModel.SIMULATED) {
            return CheckResult.pass("simulated board: audio goes to a WAV capture, no sound card needed");
        }
        List<String> all = devices.get();
        if (all.isEmpty()) {
            return CheckResult.fail("no sound card that can play PCM",
                    "the DAC HAT or USB sound card is not detected (loose, or its overlay is missing in config.txt)",
                    "reseat the sound card, check 'aplay -l' and the dtoverlay line in /boot/firmware/config.txt");
        }
        if (device.isEmpty()) return CheckResult.pass(all.size() + " sound output(s), default: " + all.get(0));
        String want = device.toLowerCase(Locale.ROOT);
        return all.stream().filter(d -> d.toLowerCase(Locale.ROOT).contains(want)).findFirst()
                .map(d -> CheckResult.pass("configured device '" + device + "' present: " + d))
                .orElseGet(() -> CheckResult.fail("configured sound device '" + device + "' not found among " + all.size()
                                + " output(s): " + String.join("; ", all),
                        "the card is not detected, or audio.device in loa.json names another card",
                        "check 'aplay -l'; set audio.device to a part of a listed name, or reseat the card"));
    }
}
