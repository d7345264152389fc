package vn.loa.testbench.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a sine tone as 16-bit PCM WAV: the simulated station's bulletins, needing no tool installed. */
public final class ToneBulletin {

    private ToneBulletin() {
    }

    /** A {@code seconds}-long tone of {@code hz} at half full scale, 48 kHz stereo, with 20 ms ramps. */
    public static Path write(Path file, double hz, int seconds) throws IOException {
        int rate = 48_000;
        int frames = rate * seconds;
        int dataBytes = frames * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate).putInt(rate * 4)
                .putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        int ramp = rate / 50;
        for (int i = 0; i < frames; i++) {
            double env = Math.min(1.0, Math.min(i, frames - 1 - i) / (double) ramp);
            short s = (short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * 0.5 * env * Short.MAX_VALUE);
            b.putShort(s).putShort(s);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array());
        }
        return file;
    }
}
