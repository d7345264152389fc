package vn.loa.agent.audio;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a receiver may fetch audio from: loa.json's {@code audio.allowSources}, a list of URL patterns. Decoders that
 * were re-pointed to an attacker's stream (through a stolen headend login or a forged command) are a known incident;
 * with a list set, a network source that is not on it is refused with the reason, whoever sent it: a headend's item,
 * a schedule entry, a stored fallback, a redirect, a download into the content cache.
 *
 * <p>A pattern is {@code http(s)://HOST[:PORT][/PATH]}: the scheme and the port (80/443 when not written) must be
 * equal, {@code HOST} equal ignoring case or, written {@code *.example.vn}, any host below {@code example.vn};
 * {@code PATH} is a prefix at a {@code /} boundary ({@code /news} allows {@code /news} and {@code /news/noon.mp3},
 * not {@code /newsletter}); no path allows every path. Local sources ({@code file:}, {@code cache:SHA256}, a plain
 * path) are not network sources and are not checked. An empty list allows every source (the default, so a receiver
 * set up before the list existed keeps playing; {@code loa diagnose} warns about it).
 */
public final class SourceAllowList {

    /** No list: every source is allowed. */
    public static final SourceAllowList ANY = new SourceAllowList(List.of(), List.of());

    private record Rule(String scheme, String host, boolean subdomains, int port, String path) {
        boolean allows(String s, String h, int p, String pathOf) {
            if (!scheme.equals(s) || port != p) return false;
            if (subdomains ? !h.endsWith("." + host) : !h.equals(host)) return false;
            if (path.isEmpty() || path.equals("/")) return true;
            String prefix = path.endsWith("/") ? path : path + "/";
            return pathOf.equals(path) || pathOf.startsWith(prefix);
        }
    }

    private final List<Rule> rules;
    private final List<String> patterns;

    private SourceAllowList(List<Rule> rules, List<String> patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    /**
     * Parses the patterns; an unusable one throws {@link IllegalArgumentException} naming its index and why
     * ({@code [1] 'ftp://x' must start with http:// or https://}).
     */
    public static SourceAllowList of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) rules.add(rule(i, patterns.get(i)));
        return new SourceAllowList(List.copyOf(rules), List.copyOf(patterns));
    }

    private static Rule rule(int i, String pattern) {
        String where = "[" + i + "] '" + pattern + "' ";
        URI u;
        boolean wildcard = pattern.matches("(?i)https?://\\*\\..*");
        try {
            u = new URI(wildcard ? pattern.replaceFirst("\\*\\.", "") : pattern);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + "is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(where + "must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException(where + "has no host");
        if (u.getRawUserInfo() != null) throw new IllegalArgumentException(where + "must not carry a user or password");
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException(where + "must not have a query or fragment (a pattern is a prefix)");
        }
        if (u.getHost().contains("*")) throw new IllegalArgumentException(where + "may only use '*.' at the start of the host");
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        return new Rule(scheme, u.getHost().toLowerCase(Locale.ROOT), wildcard, portOf(scheme, u.getPort()), path);
    }

    private static int portOf(String scheme, int port) {
        if (port > 0) return port;
        return scheme.equals("https") ? 443 : 80;
    }

    /** True when there is no list (every source allowed). */
    public boolean allowsAll() {
        return rules.isEmpty();
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Why {@code source} may not be fetched, or empty when it may (local sources always may). */
    public Optional<String> refusal(URI source) {
        if (rules.isEmpty()) return Optional.empty();
        String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.isEmpty() || scheme.equals("file") || scheme.equals("cache")) return Optional.empty();
        if ((scheme.equals("http") || scheme.equals("https")) && source.getHost() != null) {
            String host = source.getHost().toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
            String path = source.getRawPath() == null || source.getRawPath().isEmpty() ? "/" : source.getRawPath();
            boolean dotSegments = path.contains("/../") || path.endsWith("/..") || path.contains("/./");
            int port = portOf(scheme, source.getPort());
            for (Rule r : rules) {
                if (r.allows(scheme, host, port, path) && !dotSegments) return Optional.empty();
            }
        }
        return Optional.of("source " + vn.loa.ota.download.ShownUri.of(source) + " is not in audio.allowSources of loa.json ("
                + String.join(", ", patterns) + ")");
    }

    /** The first refused source of {@code sources}, or empty when all may be fetched. */
    public Optional<String> refusal(List<URI> sources) {
        for (URI u : sources) {
            Optional<String> r = refusal(u);
            if (r.isPresent()) return r;
        }
        return Optional.empty();
    }

    @Override public String toString() {
        return rules.isEmpty() ? "any source" : String.join(", ", patterns);
    }
}
