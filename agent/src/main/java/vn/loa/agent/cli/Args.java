package vn.loa.agent.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small, strict parser for {@code --name value}, {@code --name=value} and {@code --flag} arguments.
 * The command declares which options take values and which are flags; anything else is a usage error
 * that quotes the bad word.
 */
public final class Args {

    /** A usage problem: the message is shown to the person with the command's help hint. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses {@code args}. {@code valued} lists options that take a value (may repeat), {@code flagNames}
     * the ones that do not. Names are given without dashes.
     */
    public static Args parse(List<String> args, Set<String> valued, Set<String> flagNames) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            if (w.equals("--")) {
                a.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!w.startsWith("--") || w.length() == 2) {
                a.positional.add(w);
                continue;
            }
            String name = w.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name)) {
                if (value != null) throw new UsageException("option --" + name + " takes no value but was given '" + value + "'");
                a.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) throw new UsageException("option --" + name + " needs a value");
                    value = args.get(++i);
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option '" + w + "'");
            }
        }
        return a;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> value(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public String value(String name, String dflt) {
        return value(name).orElse(dflt);
    }

    /** An integer option within {@code [min, max]}, or the default when absent. */
    public int intValue(String name, int dflt, int min, int max) throws UsageException {
        Optional<String> v = value(name);
        if (v.isEmpty()) return dflt;
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n < min || n > max) {
                throw new UsageException("--" + name + " " + n + " outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a whole number but was '" + v.get() + "'");
        }
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }
}
