package vn.loa.agent.lwm2m;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The station's uplink as Object 4 (Connectivity Monitoring) reports it. A modem driver can implement it with signal
 * strength and cell data; {@link InterfaceNetworkStatus} reports what the operating system knows.
 *
 * <p>Called on protocol threads; must not block on I/O for long (a modem query belongs in a cache).
 */
public interface NetworkStatus {

    /** LwM2M network bearer codes (Object 4, resource 0). */
    int BEARER_GSM = 0;
    int BEARER_LTE_FDD = 7;
    int BEARER_WLAN = 21;
    int BEARER_ETHERNET = 41;

    /** The bearer in use, as an LwM2M bearer code. */
    int bearer();

    /** The bearers the station has. */
    List<Integer> availableBearers();

    /** Received signal strength in dBm, when the bearer has one and it is known. */
    OptionalInt signalStrengthDbm();

    /** The station's own IP addresses (textual). */
    List<String> ipAddresses();

    /** The access point name of a cellular bearer, when known. */
    Optional<String> apn();
}
