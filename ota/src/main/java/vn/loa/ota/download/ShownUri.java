package vn.loa.ota.download;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A package or file URI as it may appear in logs and status texts: without user info and with its query replaced
 * by {@code ?…}, since a presigned download link carries its credential there. Scheme, host, port and path stay,
 * so a technician still sees where the station downloaded from.
 */
public final class ShownUri {

    private ShownUri() {
    }

    public static String of(URI u) {
        if (u == null) return "";
        if (u.isOpaque() || u.getHost() == null) {
            return u.getRawQuery() == null && u.getRawUserInfo() == null ? u.toString() : u.getScheme() + ":…";
        }
        StringBuilder b = new StringBuilder();
        if (u.getScheme() != null) b.append(u.getScheme()).append("://");
        b.append(u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost());
        if (u.getPort() >= 0) b.append(':').append(u.getPort());
        if (u.getRawPath() != null) b.append(u.getRawPath());
        if (u.getRawQuery() != null) b.append("?…");
        return b.toString();
    }

    /** As {@link #of(URI)}; text that is not a URI is cut at its first '?' and stripped of a user-info part. */
    public static String of(String s) {
        if (s == null) return "";
        try {
            return of(new URI(s.trim()));
        } catch (URISyntaxException e) {
            String t = s.trim();
            int q = t.indexOf('?');
            if (q >= 0) t = t.substring(0, q) + "?…";
            int at = t.indexOf('@');
            int scheme = t.indexOf("://");
            if (at >= 0 && scheme >= 0 && at > scheme) t = t.substring(0, scheme + 3) + t.substring(at + 1);
            return t;
        }
    }
}
