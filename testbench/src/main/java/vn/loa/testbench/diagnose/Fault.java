package vn.loa.testbench.diagnose;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A fault {@code ./loa diagnose --simulated --fault NAME} can stage on the simulated receiver, so a technician
 * can rehearse what the report says about it. Each is staged where it happens on a device: a board input on the
 * simulated board, a wrong key against a real in-process LwM2M server, a silent stream server on loopback, a
 * launcher state file, a play log.
 */
public enum Fault {
    /** The wall clock is back in 1970 (no RTC battery, no NTP yet). */
    CLOCK_WRONG("clock-wrong"),
    /** Only 12 MB left on the data partition. */
    DISK_FULL("disk-full"),
    /** DNS does not answer and there is no route: SIM out of data, cable unplugged. */
    NO_NETWORK("no-network"),
    /** The config file is damaged (cut off mid-write, edited by hand). */
    BAD_CONFIG("bad-config"),
    /** Mains power cut: the receiver runs on its battery. */
    NO_MAINS("no-mains"),
    /** The box's door (tamper switch) is open. */
    TAMPER("tamper"),
    /** The main zone's amplifier reports a fault (overheated, shorted speaker line) on its fault input. */
    AMPLIFIER("amplifier"),
    /** The receiver's PSK key differs from the one the LwM2M server holds: the DTLS handshake is rejected. */
    DTLS_REJECTED("dtls-rejected"),
    /** The server knows the receiver's keys under another endpoint name: the registration is refused. */
    NOT_REGISTERED("not-registered"),
    /** The stream server accepts the connection and never sends audio. */
    STREAM_DEAD("stream-dead"),
    /** The last update (1.5.0) failed its trial and the launcher went back to 1.4.2. */
    UPDATE_ROLLED_BACK("update-rolled-back"),
    /** The last bulletins stuttered: 42 underruns in the play log today. */
    UNDERRUNS("underruns"),
    /** The headend took the receiver out of service (the remote kill switch): nothing plays, amplifiers off. */
    OUT_OF_SERVICE("out-of-service"),
    /** The market zone's speaker line is open (cable cut, loudspeaker disconnected or stolen). */
    SPEAKER_OPEN("speaker-open");

    private final String word;

    Fault(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The names {@code --fault} accepts, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Fault::word).collect(Collectors.joining(", "));
    }

    /** Parses a {@code --fault} word; the message quotes it and lists the accepted ones. */
    public static Fault parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (Fault f : values()) {
            if (f.word.equals(w)) return f;
        }
        throw new IllegalArgumentException("--fault '" + word + "' is not a fault this build can stage; use one of: " + names());
    }
}
