package vn.loa.agent.lwm2m;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@link NetworkStatus} from the operating system's network interfaces: the bearer is guessed from interface names
 * ({@code wwan*}, {@code usb*}, {@code ppp*} → LTE; {@code wlan*} → WLAN; anything else up → Ethernet); no signal
 * strength or APN (a modem driver knows those). Interfaces are listed on every call (cheap, no I/O beyond the kernel).
 */
public final class InterfaceNetworkStatus implements NetworkStatus {

    private record Iface(String name, List<String> addresses) { }

    private List<Iface> up() {
        List<Iface> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                List<String> addrs = new ArrayList<>();
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) addrs.add(a.getHostAddress());
                }
                if (!addrs.isEmpty()) out.add(new Iface(ni.getName(), addrs));
            }
        } catch (SocketException e) {
            org.tinylog.Logger.tag("lwm2m").warn("cannot list network interfaces: {}", e.getMessage());
        }
        return out;
    }

    static int bearerOf(String name) {
        if (name.startsWith("wwan") || name.startsWith("usb") || name.startsWith("ppp")) return BEARER_LTE_FDD;
        if (name.startsWith("wlan") || name.startsWith("wl")) return BEARER_WLAN;
        return BEARER_ETHERNET;
    }

    @Override public int bearer() {
        List<Iface> up = up();
        return up.isEmpty() ? BEARER_ETHERNET : bearerOf(up.get(0).name());
    }

    @Override public List<Integer> availableBearers() {
        Set<Integer> s = new LinkedHashSet<>();
        for (Iface i : up()) s.add(bearerOf(i.name()));
        if (s.isEmpty()) s.add(BEARER_ETHERNET);
        return List.copyOf(s);
    }

    @Override public OptionalInt signalStrengthDbm() {
        return OptionalInt.empty();
    }

    @Override public List<String> ipAddresses() {
        List<String> out = new ArrayList<>();
        for (Iface i : up()) out.addAll(i.addresses());
        return out;
    }

    @Override public Optional<String> apn() {
        return Optional.empty();
    }
}
