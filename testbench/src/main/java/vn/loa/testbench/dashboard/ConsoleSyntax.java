package vn.loa.testbench.dashboard;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import vn.loa.agent.broadcast.Level;

/**
 * The typed form of the console's {@link Action}s, one line each, so the console, the dashboard and scenarios
 * share one vocabulary. A receiver is named by its id; {@code all} (the default where a target is optional)
 * means every receiver.
 */
public final class ConsoleSyntax {

    /** The lines {@link #parse} accepts, for the console's {@code help}. */
    public static final String HELP = """
            fire normal|priority|emergency [all|RX]   air a test bulletin (default: all receivers)
            volume 0..100 [all|RX]                   set the output volume
            mains pull|restore RX                    cut or restore a receiver's mains power
            door open|close RX                       open or close the box's door (tamper switch)
            amp fault|clear RX                       trip or clear every amplifier zone's fault input
            net cut|restore RX                       cut or restore a receiver's network
            update [all|RX]                          offer the test release as an over-the-air update""";

    private ConsoleSyntax() {
    }

    /**
     * Parses one console line. A mistake is an {@link IllegalArgumentException} whose message quotes the bad
     * word and shows the expected form.
     */
    public static Action parse(String line) {
        List<String> w = Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (w.isEmpty()) throw new IllegalArgumentException("empty command; type 'help' for the list");
        String verb = w.get(0).toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "fire" -> {
                need(w, 2, 3, "fire normal|priority|emergency [all|RX]");
                Level level;
                try {
                    level = Level.parse(w.get(1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + w.get(1) + "' " + e.getMessage());
                }
                yield new Action.Fire(target(w, 2), level);
            }
            case "volume" -> {
                need(w, 2, 3, "volume 0..100 [all|RX]");
                int v;
                try {
                    v = Integer.parseInt(w.get(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("volume '" + w.get(1) + "' is not a number 0..100");
                }
                if (v < 0 || v > 100) throw new IllegalArgumentException("volume " + v + " outside 0..100");
                yield new Action.SetVolume(target(w, 2), v);
            }
            case "stop" -> {
                need(w, 1, 2, "stop [all|RX]");
                yield new Action.Stop(target(w, 1));
            }
            case "mains" -> {
                String c = w.size() > 1 ? w.get(1).toLowerCase(Locale.ROOT) : "";
                boolean legacy = c.equals("pull") || c.equals("restore");
                String usage = legacy ? "mains pull|restore RX" : "mains off|on RX";
                yield new Action.SetMains(receiver(w, usage), legacy ? choice(w, "pull", "restore", usage) == 1 : choice(w, "off", "on", usage) == 1);
            }
            case "door" -> new Action.SetDoor(receiver(w, "door open|close RX"), choice(w, "open", "close", "door open|close RX") == 0);
            case "amp" -> new Action.SetAmplifierFault(receiver(w, "amp fault|clear RX"), choice(w, "fault", "clear", "amp fault|clear RX") == 0);
            case "fault" -> new Action.SetAmplifierFault(receiver(w, "fault on|off RX"), choice(w, "on", "off", "fault on|off RX") == 0);
            case "net" -> net(w);
            case "update" -> {
                need(w, 1, 2, "update [all|RX]");
                yield new Action.PushUpdate(target(w, 1));
            }
            default -> throw new IllegalArgumentException("unknown command '" + w.get(0)
                    + "'; commands: fire, stop, volume, mains, door, fault, net, update (type 'help')");
        };
    }

    private static Action net(List<String> w) {
        String c = w.size() > 1 ? w.get(1).toLowerCase(Locale.ROOT) : "";
        return switch (c) {
            case "loss" -> {
                String usage = "net loss PERCENT RX";
                need(w, 4, 4, usage);
                int p = number(w.get(2), "loss", "%", 0, 100);
                yield new Action.SetNetworkLoss(oneReceiver(w, 3, "net", usage), p);
            }
            case "delay" -> {
                String usage = "net delay MS RX";
                need(w, 4, 4, usage);
                int ms = number(w.get(2), "delay", "ms", 0, Action.MAX_DELAY_MILLIS);
                yield new Action.SetNetworkDelay(oneReceiver(w, 3, "net", usage), ms);
            }
            default -> new Action.SetNetwork(receiver(w, "net cut|restore RX"),
                    choice(w, "cut", "restore", "net cut|restore RX, net loss PERCENT RX or net delay MS RX") == 1);
        };
    }

    private static int number(String word, String what, String unit, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(word.endsWith(unit) ? word.substring(0, word.length() - unit.length()) : word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + word + "' is not a whole number " + min + ".." + max);
        }
        if (v < min || v > max) throw new IllegalArgumentException(what + " " + v + " " + unit + " outside " + min + ".." + max);
        return v;
    }

    private static String oneReceiver(List<String> w, int i, String verb, String usage) {
        if (w.get(i).equals("all")) throw new IllegalArgumentException("'" + verb + "' acts on one receiver; name it: " + usage);
        return w.get(i);
    }

    private static void need(List<String> w, int min, int max, String usage) {
        if (w.size() < min || w.size() > max) throw new IllegalArgumentException("usage: " + usage);
    }

    private static Target target(List<String> w, int i) {
        return w.size() > i ? Target.parse(w.get(i)) : Target.ALL;
    }

    private static String receiver(List<String> w, String usage) {
        need(w, 3, 3, usage);
        return oneReceiver(w, 2, w.get(0), usage);
    }

    private static int choice(List<String> w, String first, String second, String usage) {
        String c = w.get(1).toLowerCase(Locale.ROOT);
        if (c.equals(first)) return 0;
        if (c.equals(second)) return 1;
        throw new IllegalArgumentException("'" + w.get(1) + "' is not " + first + " or " + second + "; usage: " + usage);
    }
}
