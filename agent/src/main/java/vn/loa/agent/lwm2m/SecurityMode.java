package vn.loa.agent.lwm2m;

import java.util.Locale;

/** How the station authenticates to its LwM2M server and encrypts the management plane. */
public enum SecurityMode {
    /** DTLS 1.2 with a pre-shared key (the default for a device). */
    PSK,
    /** DTLS 1.2 with raw public keys (EC P-256) on both sides. */
    RPK,
    /** Plain CoAP: unencrypted and unauthenticated. Only for tests and the simulator ({@code allowNoSec}). */
    NOSEC;

    /** Parses "psk", "rpk", "nosec"; the exception's message lists the accepted words. */
    public static SecurityMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a security mode (psk, rpk, nosec)");
        }
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
