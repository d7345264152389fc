package vn.loa.ota.launcher;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One heartbeat from the agent to the launcher: a UDP datagram on loopback, sent from the agent's control
 * loop (so a stuck loop stops the heartbeats), in the text form
 * {@code loa-health 1 token=T seq=N audio=pending|passed|failed registered=yes|no}.
 * The token is the launcher's secret for this child ({@code LOA_HEALTH_TOKEN}), so other local processes
 * cannot fake a healthy trial.
 */
public record HealthReport(long seq, AudioSelfTest audio, boolean registered) {

    public enum AudioSelfTest { PENDING, PASSED, FAILED }

    public static final String HEADER = "loa-health 1";
    /** Environment variable the launcher sets on the child with the token. */
    public static final String TOKEN_ENV = "LOA_HEALTH_TOKEN";
    /** System property the launcher sets on the child: {@code 127.0.0.1:PORT}. */
    public static final String ADDRESS_PROPERTY = "loa.launcher.health";

    public byte[] encode(String token) {
        return (HEADER + " token=" + token + " seq=" + seq + " audio=" + audio.name().toLowerCase()
                + " registered=" + (registered ? "yes" : "no")).getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses a datagram; empty for anything malformed or with the wrong token. */
    public static Optional<HealthReport> decode(byte[] data, int length, String token) {
        String s = new String(data, 0, length, StandardCharsets.US_ASCII);
        if (!s.startsWith(HEADER + " ")) return Optional.empty();
        Map<String, String> kv = new HashMap<>();
        for (String part : s.substring(HEADER.length()).trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq > 0) kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        if (!token.equals(kv.get("token"))) return Optional.empty();
        try {
            long seq = Long.parseLong(kv.getOrDefault("seq", ""));
            AudioSelfTest audio = AudioSelfTest.valueOf(kv.getOrDefault("audio", "").toUpperCase());
            String reg = kv.getOrDefault("registered", "");
            if (!reg.equals("yes") && !reg.equals("no")) return Optional.empty();
            return Optional.of(new HealthReport(seq, audio, reg.equals("yes")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
