package vn.loa.agent.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.BinaryOutput;
import vn.loa.hal.Board;
import vn.loa.hal.BoardOpenException;
import vn.loa.hal.BoardProfile;
import vn.loa.hal.json.ConfigException;
import vn.loa.hal.time.Scheduler;

/**
 * The receiver's board: its profile loads, its GPIO lines can be claimed ({@code board}), each amplifier's fault
 * input reads sane ({@code amplifier}), each supervised speaker line is closed ({@code speaker}), mains and door
 * inputs ({@code mains}, {@code tamper}), and finally the safe
 * state ({@code safe-state}: amplifiers off, FM gate closed, mute on, lines released).
 *
 * <p>Nothing is powered: the board opens in its safe state (the profile's initial levels) and the relays are never
 * demanded; this is a read of the inputs only. While {@code loa run} holds the lines the board cannot be opened:
 * that is reported as a warning, and the input checks say they were not re-read. Call {@link #close()} when the
 * report is done (it is idempotent; the {@code safe-state} check already released the board).
 */
public final class BoardChecks implements AutoCloseable {

    /** How a board is opened (a seam: {@code Boards::open} on a device). */
    @FunctionalInterface
    public interface Opener {
        Board open(BoardProfile profile, Scheduler loop) throws BoardOpenException;
    }

    private final String profileName;
    private final Opener opener;
    private final Scheduler loop;
    private BoardProfile profile;
    private Board board;
    private String notOpen = "the board was not opened";

    public BoardChecks(String profileName, Opener opener, Scheduler loop) {
        this.profileName = profileName;
        this.opener = opener;
        this.loop = loop;
    }

    /** The profile, once the {@code board} check loaded it. */
    public synchronized Optional<BoardProfile> profile() {
        return Optional.ofNullable(profile);
    }

    /** board, amplifier, speaker, mains, tamper (run in this order), then {@link #safeState()} last of all. */
    public List<Check> checks() {
        return List.of(Check.of("board", this::open), Check.of("amplifier", this::faultInputs),
                Check.of("speaker", this::speakerLines),
                Check.of("mains", () -> input(BoardProfile.InputRole.MAINS_PRESENT.key(), "mains", in ->
                        new MainsCheck(in::active).run())),
                Check.of("tamper", () -> input(BoardProfile.InputRole.DOOR_OPEN.key(), "door", in ->
                        new TamperCheck(in::active).run())));
    }

    /** The last check: drives the safe state, verifies the amplifier relays are off, releases the lines. */
    public Check safeState() {
        return Check.of("safe-state", this::release);
    }

    private synchronized CheckResult open() {
        try {
            profile = BoardProfile.load(profileName);
        } catch (ConfigException e) {
            notOpen = "the board profile is not valid (see the 'board' line)";
            String first = e.problems().isEmpty() ? e.getMessage() : e.problems().get(0);
            return CheckResult.fail("board profile '" + profileName + "': " + first,
                    "the profile file was edited by hand or does not match this board",
                    "set board.profile in loa.json to a shipped profile (" + String.join(", ", BoardProfile.BUILT_IN)
                            + ") or fix the file named above");
        }
        try {
            board = opener.open(profile, loop);
        } catch (BoardOpenException e) {
            String m = String.valueOf(e.getMessage());
            String lower = (m + " " + e.getCause()).toLowerCase(Locale.ROOT);
            if (lower.contains("busy") || lower.contains("in use") || lower.contains("already")) {
                notOpen = "the GPIO lines are held by the running agent";
                return CheckResult.warn("GPIO lines of profile '" + profileName + "' are in use: " + m,
                        "the agent ('loa run') holds them, as it should while it runs; they were not re-tested",
                        "to test the lines, 'systemctl stop loa', run 'loa diagnose' again, then 'systemctl start loa'");
            }
            notOpen = "the GPIO could not be opened (see the 'board' line)";
            return CheckResult.fail("GPIO of profile '" + profileName + "' cannot be opened: " + m,
                    "wrong board profile for this machine, or the GPIO driver (gpiod) is missing",
                    "check board.profile in loa.json against the board fitted; on a Raspberry Pi check 'gpiodetect'");
        }
        return CheckResult.pass("profile '" + profileName + "' (" + profile.board().key() + "): "
                + board.inputs().size() + " input and " + board.outputs().size() + " output line(s) claimed, outputs safe");
    }

    private synchronized CheckResult faultInputs() {
        if (board == null) return notChecked("amplifier fault inputs");
        List<String> zones = new ArrayList<>();
        for (BoardProfile.Zone z : profile.amplifiers()) {
            Optional<BinaryInput> in = board.input(z.faultRole());
            if (in.isEmpty()) {
                zones.add(z.name() + ": no fault input wired");
                continue;
            }
            if (in.get().active()) {
                return CheckResult.fail("zone " + z.name() + ": amplifier fault input active (amplifier off)",
                        "amplifier overheated or shorted, or the speaker line is shorted (or its fault wire is loose)",
                        "let it cool, check the fan and the speaker line for a short, check the fault wire");
            }
            zones.add(z.name() + ": fault input clear");
        }
        return CheckResult.pass(zones.isEmpty() ? "no amplifier zones in the profile" : String.join(", ", zones));
    }

    /** Each zone's speaker-line supervision input, where the profile wires one. */
    private synchronized CheckResult speakerLines() {
        if (board == null) return notChecked("speaker-line");
        List<String> closed = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (BoardProfile.Zone z : profile.amplifiers()) {
            Optional<BinaryInput> in = board.input(z.lineOpenRole());
            if (in.isEmpty()) continue;
            (in.get().active() ? open : closed).add(z.name());
        }
        if (!open.isEmpty()) {
            return CheckResult.fail("speaker line open on zone(s) " + String.join(", ", open)
                            + (closed.isEmpty() ? "" : " (closed: " + String.join(", ", closed) + ")"),
                    "the cable to the loudspeakers is cut, a loudspeaker was disconnected or stolen, or a terminal is loose",
                    "walk the line from the amplifier's output terminals, check every joint and loudspeaker on it");
        }
        if (closed.isEmpty()) return CheckResult.pass("speaker lines not supervised by this board (no lineOpen input in the profile)");
        return CheckResult.pass("speaker line closed on zone(s) " + String.join(", ", closed));
    }

    private interface InputCheck {
        CheckResult run(BinaryInput in);
    }

    private synchronized CheckResult input(String role, String what, InputCheck check) {
        if (board == null) return notChecked(what + " input");
        Optional<BinaryInput> in = board.input(role);
        return in.isEmpty() ? CheckResult.pass("no " + what + " input in the profile") : check.run(in.get());
    }

    private CheckResult notChecked(String what) {
        return CheckResult.warn(what + " not read: " + notOpen, "see the 'board' line", "fix what the 'board' line names first");
    }

    private synchronized CheckResult release() {
        if (board == null) return CheckResult.pass("nothing was switched: " + notOpen);
        board.safeState("loa diagnose done");
        List<String> on = new ArrayList<>();
        for (BoardProfile.Zone z : profile.amplifiers()) {
            Optional<BinaryOutput> relay = board.output(z.relayRole());
            if (relay.isPresent() && relay.get().active()) on.add(z.name());
        }
        board.close();
        board = null;
        notOpen = "the board was released";
        if (!on.isEmpty()) {
            return CheckResult.fail("amplifier relay(s) still on after the safe state: " + String.join(", ", on),
                    "a relay driver or the GPIO line is stuck", "switch the amplifier's power off by hand and replace the relay board");
        }
        return CheckResult.pass("amplifiers off, FM gate closed, mute on; GPIO lines released");
    }

    @Override public synchronized void close() {
        if (board != null) {
            board.close();
            board = null;
        }
    }
}
