package vn.loa.agent.runtime;

import java.util.Optional;
import vn.loa.agent.schedule.PowerSource;
import vn.loa.hal.BinaryInput;
import vn.loa.hal.Board;
import vn.loa.hal.BoardProfile;

/**
 * The board's debounced {@code mainsPresent} input as the power policy needs it. A board without that input counts
 * as always on mains (and never tells of a change). Listeners are called on the control loop, once per change.
 */
final class BoardPower implements PowerSource {

    private final Optional<BinaryInput> mains;

    BoardPower(Board board) {
        this.mains = board.input(BoardProfile.InputRole.MAINS_PRESENT);
    }

    @Override public boolean mainsPresent() {
        return mains.map(BinaryInput::active).orElse(true);
    }

    @Override public void addListener(Listener l) {
        mains.ifPresent(in -> in.addListener((i, active) -> l.onMainsChanged(active)));
    }
}
