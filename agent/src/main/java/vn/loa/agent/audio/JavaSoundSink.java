package vn.loa.agent.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer.Info;
import javax.sound.sampled.SourceDataLine;

/**
 * A sound card through {@code javax.sound.sampled}: the named device (a case-insensitive substring of the
 * mixer name, as {@link #listDevices()} prints them), or the system default when the name is empty. The line
 * buffer holds {@value #LINE_BUFFER_MS} ms so the 20 ms tick has slack.
 */
public final class JavaSoundSink implements AudioSink {

    static final int LINE_BUFFER_MS = 200;

    private final String device;
    private SourceDataLine line;
    private PcmFormat format;
    private byte[] bytes = new byte[0];

    /** @param device part of a device name, or empty for the default device */
    public JavaSoundSink(String device) {
        this.device = device == null ? "" : device;
    }

    /** Every output device that can play 16-bit PCM, by name ("name — description"). */
    public static List<String> listDevices() {
        List<String> out = new ArrayList<>();
        for (Info info : AudioSystem.getMixerInfo()) {
            javax.sound.sampled.Mixer m = AudioSystem.getMixer(info);
            if (m.getSourceLineInfo(new DataLine.Info(SourceDataLine.class, null)).length > 0
                    || m.isLineSupported(new DataLine.Info(SourceDataLine.class, null))) {
                out.add(info.getName() + " — " + info.getDescription());
            }
        }
        return out;
    }

    @Override public void open(PcmFormat f) throws AudioSinkException {
        this.format = f;
        AudioFormat af = new AudioFormat(f.sampleRate(), 16, f.channels(), true, false);
        DataLine.Info want = new DataLine.Info(SourceDataLine.class, af);
        try {
            if (device.isEmpty()) {
                line = (SourceDataLine) AudioSystem.getLine(want);
            } else {
                Info match = null;
                for (Info info : AudioSystem.getMixerInfo()) {
                    if (info.getName().toLowerCase(Locale.ROOT).contains(device.toLowerCase(Locale.ROOT))
                            && AudioSystem.getMixer(info).isLineSupported(want)) {
                        match = info;
                        break;
                    }
                }
                if (match == null) {
                    throw new AudioSinkException("sound device '" + device + "' not found or cannot play " + f
                            + "; devices: " + listDevices());
                }
                line = (SourceDataLine) AudioSystem.getMixer(match).getLine(want);
            }
            line.open(af, f.framesIn(LINE_BUFFER_MS) * f.bytesPerFrame());
            line.start();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            line = null;
            throw new AudioSinkException("sound device '" + (device.isEmpty() ? "default" : device)
                    + "' is busy or unavailable: " + e.getMessage(), e);
        }
    }

    @Override public void write(short[] samples, int frames) throws AudioSinkException {
        SourceDataLine l = line;
        if (l == null || !l.isOpen()) throw new AudioSinkException("sound device '" + device + "' is closed");
        int n = frames * format.channels();
        if (bytes.length < n * 2) bytes = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        int w = l.write(bytes, 0, n * 2);
        if (w < n * 2) throw new AudioSinkException("sound device '" + device + "' stopped accepting audio (wrote "
                + w + " of " + n * 2 + " bytes)");
    }

    @Override public void close() {
        SourceDataLine l = line;
        line = null;
        if (l != null) {
            l.stop();
            l.close();
        }
    }

    @Override public String describe() {
        return "sound device '" + (device.isEmpty() ? "default" : device) + "'";
    }
}
