package vn.loa.hal.json;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A strict reader over a JSON tree parsed by jackson-jr. Every accessor records what it was asked for, so
 * {@link #rejectUnknownKeys()} can name keys nobody reads; every type or range problem is collected with its
 * JSON path ({@code amplifiers[1].relayPin}) and the source's name, never thrown one at a time. After reading,
 * {@link Problems#throwIfAny()} reports them all at once.
 *
 * <p>Not thread-safe; one reader per parse.
 */
public final class JsonNode {

    /** The problems found while reading one source. */
    public static final class Problems {
        private final String source;
        private final List<String> list = new ArrayList<>();

        public Problems(String source) {
            this.source = source;
        }

        public String source() {
            return source;
        }

        /** Adds "{source}: {path} {message}". */
        public void add(String path, String message) {
            list.add(source + ": " + (path.isEmpty() ? "" : path + " ") + message);
        }

        public boolean isEmpty() {
            return list.isEmpty();
        }

        public List<String> all() {
            return Collections.unmodifiableList(list);
        }

        public void throwIfAny() throws ConfigException {
            if (!list.isEmpty()) throw new ConfigException(list);
        }
    }

    private final Object value;
    private final String path;
    private final Problems problems;
    private final Set<String> read = new LinkedHashSet<>();

    private JsonNode(Object value, String path, Problems problems) {
        this.value = value;
        this.path = path;
        this.problems = problems;
    }

    /** Parses {@code text}; a syntax error becomes a {@link ConfigException} naming {@code source}. */
    public static JsonNode parse(String text, String source) throws ConfigException {
        Problems p = new Problems(source);
        try {
            Object tree = JSON.std.anyFrom(text);
            if (tree == null) {
                p.add("", "is empty; expected a JSON object");
                p.throwIfAny();
            }
            return new JsonNode(tree, "", p);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            p.add("", "is not valid JSON: " + msg);
            throw new ConfigException(p.all());
        }
    }

    /** Reads and parses a file; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static JsonNode read(Path file) throws ConfigException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
    }

    public Problems problems() {
        return problems;
    }

    public String path() {
        return path;
    }

    /** The raw parsed value (Map, List, String, Number, Boolean or null). */
    public Object raw() {
        return value;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map() {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** True when this is an object that has {@code key} (and marks it read). */
    public boolean has(String key) {
        read.add(key);
        return map().containsKey(key) && map().get(key) != null;
    }

    /** The child object at {@code key}; absent → an empty object node (so defaults apply). */
    public JsonNode object(String key) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return new JsonNode(new LinkedHashMap<>(), child(key), problems);
        if (!(v instanceof Map)) {
            problems.add(child(key), "must be an object but was " + describe(v));
            return new JsonNode(new LinkedHashMap<>(), child(key), problems);
        }
        return new JsonNode(v, child(key), problems);
    }

    /** The elements of the array at {@code key}; absent → empty. */
    public List<JsonNode> array(String key) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l)) {
            problems.add(child(key), "must be an array but was " + describe(v));
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) out.add(new JsonNode(l.get(i), child(key) + "[" + i + "]", problems));
        return out;
    }

    /** The keys of this object, each as (key, node), in file order. */
    public Map<String, JsonNode> entries() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (var e : map().entrySet()) {
            read.add(e.getKey());
            out.put(e.getKey(), new JsonNode(e.getValue(), child(e.getKey()), problems));
        }
        return out;
    }

    public String string(String key, String dflt) {
        return optString(key).orElse(dflt);
    }

    /** A required string: absence is a problem, and {@code ""} is returned so reading can go on. */
    public String requiredString(String key) {
        read.add(key);
        if (!map().containsKey(key) || map().get(key) == null) {
            problems.add(child(key), "is required");
            return "";
        }
        return optString(key).orElse("");
    }

    public Optional<String> optString(String key) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return Optional.empty();
        if (!(v instanceof String s)) {
            problems.add(child(key), "must be a string but was " + describe(v));
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** This node as a string (for array elements). */
    public Optional<String> asString() {
        if (value instanceof String s) return Optional.of(s);
        problems.add(path, "must be a string but was " + describe(value));
        return Optional.empty();
    }

    public boolean bool(String key, boolean dflt) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) {
            problems.add(child(key), "must be true or false but was " + describe(v));
            return dflt;
        }
        return b;
    }

    /** A whole number in {@code [min, max]}; a wrong type or range is a problem and yields the default. */
    public long integer(String key, long dflt, long min, long max) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float
                || n.doubleValue() != Math.rint(n.doubleValue())) {
            problems.add(child(key), "must be a whole number but was " + describe(v));
            return dflt;
        }
        long x = n.longValue();
        if (x < min || x > max) {
            problems.add(child(key), x + " is outside " + min + ".." + max);
            return dflt;
        }
        return x;
    }

    public int intValue(String key, int dflt, int min, int max) {
        return (int) integer(key, dflt, min, max);
    }

    public double number(String key, double dflt, double min, double max) {
        read.add(key);
        Object v = map().get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n)) {
            problems.add(child(key), "must be a number but was " + describe(v));
            return dflt;
        }
        double x = n.doubleValue();
        if (x < min || x > max) {
            problems.add(child(key), x + " is outside " + min + ".." + max);
            return dflt;
        }
        return x;
    }

    /** A string mapped through {@code parse}; a parse failure's message becomes the problem. */
    public <T> T parsed(String key, T dflt, Function<String, T> parse) {
        Optional<String> s = optString(key);
        if (s.isEmpty()) return dflt;
        try {
            return parse.apply(s.get());
        } catch (RuntimeException e) {
            problems.add(child(key), "'" + s.get() + "' " + (e.getMessage() == null ? "is not valid" : e.getMessage()));
            return dflt;
        }
    }

    /** Records a problem at {@code key} of this node. */
    public void problem(String key, String message) {
        problems.add(key == null || key.isEmpty() ? path : child(key), message);
    }

    /** Every key of this object that no accessor read becomes an "unknown key" problem. */
    public void rejectUnknownKeys() {
        if (!(value instanceof Map)) {
            if (value != null) problems.add(path, "must be an object but was " + describe(value));
            return;
        }
        for (String k : map().keySet()) {
            if (!read.contains(k)) {
                problems.add(child(k), "is not a known key" + suggestion(k));
            }
        }
    }

    private String suggestion(String unknown) {
        String best = null;
        int bestD = 3;
        for (String k : read) {
            int d = distance(unknown.toLowerCase(), k.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v instanceof Boolean) return v.toString();
        return "the number " + v;
    }
}
