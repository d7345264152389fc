package vn.loa.testbench.dashboard;

import java.util.Objects;
import vn.loa.agent.broadcast.Level;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.json.JsonNode;

/**
 * One thing a technician asks of the station from the console, the dashboard or a scenario step. Each has
 * a JSON form, an object with an {@code action} word and its fields (see {@link #fromJson}):
 * <pre>
 * {"action": "fire",            "target": "all" | "rx-1", "level": "normal" | "priority" | "emergency"}
 * {"action": "volume",          "target": "all" | "rx-1", "volume": 0..100}
 * {"action": "service",         "target": "all" | "rx-1", "inService": false}
 * {"action": "mains",           "receiver": "rx-1", "present": false}
 * {"action": "door",            "receiver": "rx-1", "open": true}
 * {"action": "amplifier-fault", "receiver": "rx-1", "fault": true}
 * {"action": "speaker-line",    "receiver": "rx-1", "open": true}
 * {"action": "network",         "receiver": "rx-1", "up": false}
 * {"action": "network-loss",    "receiver": "rx-1", "percent": 0..100}
 * {"action": "network-delay",   "receiver": "rx-1", "millis": 0..60000}
 * {"action": "network-jitter",  "receiver": "rx-1", "millis": 0..60000}
 * {"action": "network-bandwidth", "receiver": "rx-1", "bytesPerSecond": 0..125000000}
 * {"action": "network-blackhole", "receiver": "rx-1", "blackhole": true}
 * {"action": "network-rebind",  "receiver": "rx-1"}
 * {"action": "network-reset",   "receiver": "rx-1"}
 * {"action": "disk",            "receiver": "rx-1", "full": true}
 * {"action": "stop",            "target": "all" | "rx-1"}
 * {"action": "update",          "target": "all" | "rx-1", "broken": false}
 * </pre>
 */
public sealed interface Action {

    /** Air a generated test bulletin of this level now. */
    record Fire(Target target, Level level) implements Action {
        public Fire {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(level, "level");
        }
    }

    record SetVolume(Target target, int volume) implements Action {
        public SetVolume {
            Objects.requireNonNull(target, "target");
            if (volume < 0 || volume > 100) throw new IllegalArgumentException("volume " + volume + " outside 0..100");
        }
    }

    /**
     * The headend's remote kill switch: {@code inService=false} takes the target receivers out of service (the item on
     * air stops, amplifiers off, nothing plays, emergencies included); {@code true} puts them back.
     */
    record SetService(Target target, boolean inService) implements Action {
        public SetService {
            Objects.requireNonNull(target, "target");
        }
    }

    /** Pull ({@code present=false}) or restore the receiver's mains power. */
    record SetMains(String receiverId, boolean present) implements Action {
        public SetMains {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Open or close the box's door (tamper switch). */
    record SetDoor(String receiverId, boolean open) implements Action {
        public SetDoor {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Trip ({@code fault=true}) or clear the amplifier's fault input. */
    record SetAmplifierFault(String receiverId, boolean fault) implements Action {
        public SetAmplifierFault {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Open ({@code open=true}: cable cut, loudspeaker gone) or close every supervised speaker line of the receiver. */
    record SetSpeakerLine(String receiverId, boolean open) implements Action {
        public SetSpeakerLine {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Cut ({@code up=false}) or restore the receiver's network link. */
    record SetNetwork(String receiverId, boolean up) implements Action {
        public SetNetwork {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Drop this share of the receiver's datagrams and TCP chunks, each way (0 ends the loss). */
    record SetNetworkLoss(String receiverId, int percent) implements Action {
        public SetNetworkLoss {
            Objects.requireNonNull(receiverId, "receiverId");
            if (percent < 0 || percent > 100) throw new IllegalArgumentException("loss " + percent + " % outside 0..100");
        }
    }

    /** Delay everything the receiver sends or receives by this much, each way (0 ends the delay). */
    record SetNetworkDelay(String receiverId, int millis) implements Action {
        public SetNetworkDelay {
            Objects.requireNonNull(receiverId, "receiverId");
            if (millis < 0 || millis > MAX_DELAY_MILLIS) {
                throw new IllegalArgumentException("delay " + millis + " ms outside 0.." + MAX_DELAY_MILLIS);
            }
        }
    }

    /** Move each delivery by a seeded random amount up to this much either way (0 ends the jitter). */
    record SetNetworkJitter(String receiverId, int millis) implements Action {
        public SetNetworkJitter {
            Objects.requireNonNull(receiverId, "receiverId");
            if (millis < 0 || millis > MAX_DELAY_MILLIS) {
                throw new IllegalArgumentException("jitter " + millis + " ms outside 0.." + MAX_DELAY_MILLIS);
            }
        }
    }

    /** Cap the receiver's traffic at this many bytes per second, each way (0 ends the cap). */
    record SetNetworkBandwidth(String receiverId, int bytesPerSecond) implements Action {
        public SetNetworkBandwidth {
            Objects.requireNonNull(receiverId, "receiverId");
            if (bytesPerSecond < 0 || bytesPerSecond > MAX_BANDWIDTH) {
                throw new IllegalArgumentException("bandwidth " + bytesPerSecond + " B/s outside 0.." + MAX_BANDWIDTH);
            }
        }
    }

    /**
     * Silently discard everything the receiver sends or receives ({@code blackhole=false} ends it). Unlike
     * {@link SetNetwork} it is part of the link's impairment, so it stays through a cut and its restore.
     */
    record SetNetworkBlackhole(String receiverId, boolean blackhole) implements Action {
        public SetNetworkBlackhole {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** The carrier's NAT gives the receiver a new source port: UDP mappings move, TCP connections are reset. */
    record RebindNat(String receiverId) implements Action {
        public RebindNat {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** Every TCP connection of the receiver is reset (RST both ways); its UDP mappings are forgotten. */
    record ResetConnections(String receiverId) implements Action {
        public ResetConnections {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /**
     * Use up ({@code full=true}) or free the receiver's simulated disk quota: while full, writing its durable state
     * (audit log, play log, schedule, content cache downloads) fails as on a full disk.
     */
    record SetDiskFull(String receiverId, boolean full) implements Action {
        public SetDiskFull {
            Objects.requireNonNull(receiverId, "receiverId");
        }
    }

    /** The highest bandwidth cap the testbench sets: 125,000,000 B/s (1 Gbit/s). */
    int MAX_BANDWIDTH = 125_000_000;

    /** The longest network delay the testbench sets: a minute, far beyond any cellular link. */
    int MAX_DELAY_MILLIS = 60_000;

    /** Stop what the headend put on air at the target receivers. */
    record Stop(Target target) implements Action {
        public Stop {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * Offer the sim's test release as an over-the-air update. {@code broken}: the release is started with a simulated
     * defect (its control loop hangs), so its trial fails and the launcher rolls it back.
     */
    record PushUpdate(Target target, boolean broken) implements Action {
        public PushUpdate {
            Objects.requireNonNull(target, "target");
        }

        /** A good update. */
        public PushUpdate(Target target) {
            this(target, false);
        }
    }

    /** The action's word in its JSON form. */
    default String word() {
        return switch (this) {
            case Fire f -> "fire";
            case SetVolume v -> "volume";
            case SetService v -> "service";
            case SetMains m -> "mains";
            case SetDoor d -> "door";
            case SetAmplifierFault a -> "amplifier-fault";
            case SetSpeakerLine l -> "speaker-line";
            case SetNetwork n -> "network";
            case SetNetworkLoss l -> "network-loss";
            case SetNetworkDelay d -> "network-delay";
            case SetNetworkJitter j -> "network-jitter";
            case SetNetworkBandwidth b -> "network-bandwidth";
            case SetNetworkBlackhole b -> "network-blackhole";
            case RebindNat n -> "network-rebind";
            case ResetConnections r -> "network-reset";
            case SetDiskFull d -> "disk";
            case Stop s -> "stop";
            case PushUpdate u -> "update";
        };
    }

    /** One line for logs and the page, e.g. {@code fire emergency to all}, {@code cut network of rx-2}. */
    default String describe() {
        return switch (this) {
            case Fire f -> "fire " + f.level().lower() + " to " + f.target().word();
            case SetVolume v -> "set volume " + v.volume() + " on " + v.target().word();
            case SetService v -> (v.inService() ? "put " + v.target().word() + " back in service"
                    : "take " + v.target().word() + " out of service (amplifiers off, nothing plays)");
            case SetMains m -> (m.present() ? "restore" : "pull") + " mains of " + m.receiverId();
            case SetDoor d -> (d.open() ? "open" : "close") + " door of " + d.receiverId();
            case SetAmplifierFault a -> (a.fault() ? "trip" : "clear") + " amplifier fault of " + a.receiverId();
            case SetSpeakerLine l -> (l.open() ? "open (cut)" : "close (reconnect)") + " the speaker lines of " + l.receiverId();
            case SetNetwork n -> (n.up() ? "restore" : "cut") + " network of " + n.receiverId();
            case SetNetworkLoss l -> "set " + l.percent() + " % loss on the network of " + l.receiverId();
            case SetNetworkDelay d -> "set " + d.millis() + " ms delay on the network of " + d.receiverId();
            case SetNetworkJitter j -> "set " + j.millis() + " ms jitter on the network of " + j.receiverId();
            case SetNetworkBandwidth b -> b.bytesPerSecond() == 0 ? "lift the bandwidth cap on the network of " + b.receiverId()
                    : "cap the network of " + b.receiverId() + " at " + b.bytesPerSecond() + " B/s";
            case SetNetworkBlackhole b -> (b.blackhole() ? "blackhole" : "end the blackhole on") + " the network of " + b.receiverId();
            case RebindNat n -> "rebind the NAT (new source port) of " + n.receiverId();
            case ResetConnections r -> "reset the connections of " + r.receiverId();
            case SetDiskFull d -> d.full() ? "fill the disk of " + d.receiverId() + " (simulated quota used up)"
                    : "free the disk of " + d.receiverId();
            case Stop s -> "stop the headend's items on " + s.target().word();
            case PushUpdate u -> "push " + (u.broken() ? "a broken update (simulated defect)" : "update") + " to " + u.target().word();
        };
    }

    /** Reads the JSON form from text; every problem is reported with its path, naming {@code source}. */
    static Action fromJson(String text, String source) throws ConfigException {
        return fromJson(JsonNode.parse(text, source));
    }

    /**
     * Reads one action object (also an element of a scenario's steps). Unknown keys, a missing field, a
     * wrong type or an unknown action word are problems naming their JSON path.
     */
    static Action fromJson(JsonNode node) throws ConfigException {
        String word = node.requiredString("action");
        Action a = switch (word) {
            case "fire" -> {
                Target t = target(node);
                Level level = node.parsed("level", null, Level::parse);
                if (level == null && !node.has("level")) node.problem("level", "is required");
                yield level == null || t == null ? null : new Fire(t, level);
            }
            case "volume" -> {
                Target t = target(node);
                int v = node.intValue("volume", -1, 0, 100);
                if (v < 0 && !node.has("volume")) node.problem("volume", "is required");
                yield v < 0 || t == null ? null : new SetVolume(t, v);
            }
            case "service" -> {
                Target t = target(node);
                if (!node.has("inService")) node.problem("inService", "is required (true or false)");
                boolean in = node.bool("inService", true);
                yield t == null || !node.has("inService") ? null : new SetService(t, in);
            }
            case "mains" -> receiverFlag(node, "present", SetMains::new);
            case "door" -> receiverFlag(node, "open", SetDoor::new);
            case "amplifier-fault" -> receiverFlag(node, "fault", SetAmplifierFault::new);
            case "speaker-line" -> receiverFlag(node, "open", SetSpeakerLine::new);
            case "network" -> receiverFlag(node, "up", SetNetwork::new);
            case "network-loss" -> receiverNumber(node, "percent", 0, 100, SetNetworkLoss::new);
            case "network-delay" -> receiverNumber(node, "millis", 0, MAX_DELAY_MILLIS, SetNetworkDelay::new);
            case "network-jitter" -> receiverNumber(node, "millis", 0, MAX_DELAY_MILLIS, SetNetworkJitter::new);
            case "network-bandwidth" -> receiverNumber(node, "bytesPerSecond", 0, MAX_BANDWIDTH, SetNetworkBandwidth::new);
            case "network-blackhole" -> receiverFlag(node, "blackhole", SetNetworkBlackhole::new);
            case "network-rebind" -> receiverOnly(node, RebindNat::new);
            case "network-reset" -> receiverOnly(node, ResetConnections::new);
            case "disk" -> receiverFlag(node, "full", SetDiskFull::new);
            case "stop" -> {
                Target t = target(node);
                yield t == null ? null : new Stop(t);
            }
            case "update" -> {
                Target t = target(node);
                boolean broken = node.bool("broken", false);
                yield t == null ? null : new PushUpdate(t, broken);
            }
            case "" -> null;
            default -> {
                node.problem("action", "'" + word + "' is not an action (fire, volume, service, mains, door, amplifier-fault, speaker-line, "
                        + "network, network-loss, network-delay, network-jitter, network-bandwidth, network-blackhole, "
                        + "network-rebind, network-reset, disk, stop, update)");
                yield null;
            }
        };
        if (a != null || !word.isEmpty()) node.rejectUnknownKeys();
        node.problems().throwIfAny();
        if (a == null) throw new ConfigException(java.util.List.of(node.problems().source() + ": is not an action"));
        return a;
    }

    private static Target target(JsonNode node) {
        String t = node.requiredString("target");
        if (t.isBlank()) {
            if (node.has("target")) node.problem("target", "is empty; use 'all' or a receiver id");
            return null;
        }
        return Target.parse(t);
    }

    private static Action receiverNumber(JsonNode node, String key, int min, int max,
                                         java.util.function.BiFunction<String, Integer, Action> make) {
        String r = node.requiredString("receiver");
        if (!node.has(key)) {
            node.problem(key, "is required (" + min + ".." + max + ")");
            return null;
        }
        int v = node.intValue(key, -1, min, max);
        return r.isBlank() || v < min ? null : make.apply(r, v);
    }

    private static Action receiverOnly(JsonNode node, java.util.function.Function<String, Action> make) {
        String r = node.requiredString("receiver");
        return r.isBlank() ? null : make.apply(r);
    }

    private static Action receiverFlag(JsonNode node, String flag, java.util.function.BiFunction<String, Boolean, Action> make) {
        String r = node.requiredString("receiver");
        if (!node.has(flag)) {
            node.problem(flag, "is required (true or false)");
            return null;
        }
        boolean f = node.bool(flag, false);
        return r.isBlank() ? null : make.apply(r, f);
    }
}
