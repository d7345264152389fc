package vn.loa.testbench.dashboard;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import vn.loa.agent.broadcast.Level;

/**
 * The typed form of the console's {@link Action}s, one line each, so the console, the dashboard and scenarios
 * share one vocabulary. A receiver is named by its id; {@code all} (the default where a target is optional)
 * means every receiver.
 */
public final class ConsoleSyntax {

    /** One form of console line: its usage (literal words, {@code a|b} choices, {@code [optional]}, placeholders) and what it does. */
    public record Form(String usage, String does) {
        public Form {
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(does, "does");
        }

        /** The command word, e.g. {@code net}. */
        public String verb() {
            return usage.split(" ")[0];
        }
    }

    static final String FIRE = "fire normal|priority|emergency [all|RX]";
    static final String STOP = "stop [all|RX]";
    static final String VOLUME = "volume 0..100 [all|RX]";
    static final String SERVICE = "service off|on [all|RX]";
    static final String MAINS = "mains pull|restore RX";
    static final String DOOR = "door open|close RX";
    static final String AMP = "amp fault|clear RX";
    static final String SPEAKER = "speaker open|close RX";
    static final String NET_CUT = "net cut|restore RX";
    static final String NET_LOSS = "net loss PERCENT RX";
    static final String NET_DELAY = "net delay MS RX";
    static final String NET_JITTER = "net jitter MS RX";
    static final String NET_BANDWIDTH = "net bandwidth BYTES RX";
    static final String NET_BLACKHOLE = "net blackhole on|off RX";
    static final String NET_REBIND = "net rebind RX";
    static final String NET_RESET = "net reset RX";
    static final String DISK = "disk full|ok RX";
    static final String UPDATE = "update [all|RX] [--broken]";

    /** Every line {@link #parse} accepts, in the order {@code help} lists them; nothing else is accepted. */
    public static final List<Form> FORMS = List.of(
            new Form(FIRE, "air a test bulletin (default: all receivers)"),
            new Form(STOP, "stop what the headend put on air (default: all receivers)"),
            new Form(VOLUME, "set the output volume (default: all receivers)"),
            new Form(SERVICE, "remote kill switch: off stops what plays, amplifiers off, nothing\n"
                    + "plays (emergencies included) until on (default: all receivers)"),
            new Form(MAINS, "cut or restore a receiver's mains power"),
            new Form(DOOR, "open or close the box's door (tamper switch)"),
            new Form(AMP, "trip or clear every amplifier zone's fault input"),
            new Form(SPEAKER, "open (cut) or close every supervised speaker line"),
            new Form(NET_CUT, "cut or restore a receiver's network (a blackhole on its proxies)"),
            new Form(NET_LOSS, "drop this share of datagrams each way; TCP chunks come late (0 ends it)"),
            new Form(NET_DELAY, "delay its traffic by this much each way, 0.." + Action.MAX_DELAY_MILLIS + " (0 ends it)"),
            new Form(NET_JITTER, "move each delivery randomly by up to MS either way (0 ends it)"),
            new Form(NET_BANDWIDTH, "cap its traffic at BYTES per second each way (0 ends the cap)"),
            new Form(NET_BLACKHOLE, "discard all its traffic; stays through a cut and its restore"),
            new Form(NET_REBIND, "NAT rebinding: UDP from a new source port, TCP connections reset"),
            new Form(NET_RESET, "reset its TCP connections, forget its UDP mappings"),
            new Form(DISK, "use up or free its simulated disk quota (full: state cannot be written)"),
            new Form(UPDATE, "offer the test release 1.1.0 over the air (--broken: a simulated\n"
                    + "defect makes its trial fail, so it is rolled back)"));

    /** The command words, in {@link #FORMS} order, as the unknown-command message lists them. */
    public static final List<String> COMMANDS = FORMS.stream().map(Form::verb).distinct().toList();

    /** Width of the usage column in {@link #HELP}. */
    private static final int USAGE_WIDTH = 41;

    /** The lines {@link #parse} accepts, for the console's {@code help}: {@link #FORMS}, one usage a line. */
    public static final String HELP = FORMS.stream().map(ConsoleSyntax::helpLine).collect(Collectors.joining("\n"));

    private static String helpLine(Form f) {
        String pad = " ".repeat(USAGE_WIDTH);
        String first = (f.usage() + pad).substring(0, Math.max(USAGE_WIDTH, f.usage().length() + 1));
        return first + f.does().replace("\n", "\n" + pad);
    }

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
                need(w, 2, 3, FIRE);
                Level level;
                try {
                    level = Level.parse(w.get(1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + w.get(1) + "' " + e.getMessage());
                }
                yield new Action.Fire(target(w, 2), level);
            }
            case "volume" -> {
                need(w, 2, 3, VOLUME);
                int v;
                try {
                    v = Integer.parseInt(w.get(1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("volume '" + w.get(1) + "' is not a number 0..100");
                }
                if (v < 0 || v > 100) throw new IllegalArgumentException("volume " + v + " outside 0..100");
                yield new Action.SetVolume(target(w, 2), v);
            }
            case "service" -> {
                need(w, 2, 3, SERVICE);
                yield new Action.SetService(target(w, 2), choice(w, "off", "on", SERVICE) == 1);
            }
            case "stop" -> {
                need(w, 1, 2, STOP);
                yield new Action.Stop(target(w, 1));
            }
            case "mains" -> new Action.SetMains(receiver(w, MAINS), choice(w, "pull", "restore", MAINS) == 1);
            case "door" -> new Action.SetDoor(receiver(w, DOOR), choice(w, "open", "close", DOOR) == 0);
            case "amp" -> new Action.SetAmplifierFault(receiver(w, AMP), choice(w, "fault", "clear", AMP) == 0);
            case "speaker" -> new Action.SetSpeakerLine(receiver(w, SPEAKER), choice(w, "open", "close", SPEAKER) == 0);
            case "net" -> net(w);
            case "disk" -> new Action.SetDiskFull(receiver(w, DISK), choice(w, "full", "ok", DISK) == 0);
            case "update" -> {
                boolean broken = w.size() > 1 && w.get(w.size() - 1).equalsIgnoreCase("--broken");
                List<String> rest = broken ? w.subList(0, w.size() - 1) : w;
                need(rest, 1, 2, UPDATE);
                yield new Action.PushUpdate(target(rest, 1), broken);
            }
            default -> throw new IllegalArgumentException("unknown command '" + w.get(0)
                    + "'; commands: " + String.join(", ", COMMANDS) + " (type 'help')");
        };
    }

    private static Action net(List<String> w) {
        String c = w.size() > 1 ? w.get(1).toLowerCase(Locale.ROOT) : "";
        return switch (c) {
            case "cut", "restore" -> new Action.SetNetwork(receiver(w, NET_CUT), c.equals("restore"));
            case "loss" -> {
                need(w, 4, 4, NET_LOSS);
                int p = number(w.get(2), "loss", "%", 0, 100);
                yield new Action.SetNetworkLoss(oneReceiver(w, 3, "net", NET_LOSS), p);
            }
            case "delay" -> {
                need(w, 4, 4, NET_DELAY);
                int ms = number(w.get(2), "delay", "ms", 0, Action.MAX_DELAY_MILLIS);
                yield new Action.SetNetworkDelay(oneReceiver(w, 3, "net", NET_DELAY), ms);
            }
            case "jitter" -> {
                need(w, 4, 4, NET_JITTER);
                int ms = number(w.get(2), "jitter", "ms", 0, Action.MAX_DELAY_MILLIS);
                yield new Action.SetNetworkJitter(oneReceiver(w, 3, "net", NET_JITTER), ms);
            }
            case "bandwidth" -> {
                need(w, 4, 4, NET_BANDWIDTH);
                int bps = number(w.get(2), "bandwidth", "B/s", 0, Action.MAX_BANDWIDTH);
                yield new Action.SetNetworkBandwidth(oneReceiver(w, 3, "net", NET_BANDWIDTH), bps);
            }
            case "blackhole" -> {
                need(w, 4, 4, NET_BLACKHOLE);
                String rx = oneReceiver(w, 3, "net", NET_BLACKHOLE);
                String on = w.get(2).toLowerCase(Locale.ROOT);
                if (!on.equals("on") && !on.equals("off")) {
                    throw new IllegalArgumentException("'" + w.get(2) + "' is not on or off; usage: " + NET_BLACKHOLE);
                }
                yield new Action.SetNetworkBlackhole(rx, on.equals("on"));
            }
            case "rebind" -> {
                need(w, 3, 3, NET_REBIND);
                yield new Action.RebindNat(oneReceiver(w, 2, "net", NET_REBIND));
            }
            case "reset" -> {
                need(w, 3, 3, NET_RESET);
                yield new Action.ResetConnections(oneReceiver(w, 2, "net", NET_RESET));
            }
            default -> throw new IllegalArgumentException((c.isEmpty() ? "'net' needs a change" : "'" + w.get(1)
                    + "' is not a network change") + "; usage: " + usages("net"));
        };
    }

    /** Every form of {@code verb}, separated by {@code "; "}. */
    static String usages(String verb) {
        return FORMS.stream().filter(f -> f.verb().equals(verb)).map(Form::usage).collect(Collectors.joining("; "));
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
