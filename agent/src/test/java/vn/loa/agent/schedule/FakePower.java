package vn.loa.agent.schedule;

import java.util.ArrayList;
import java.util.List;

/** The board's mains input, switched by a test: {@link #set} tells every listener at once, on the caller's thread. */
public final class FakePower implements PowerSource {
    private boolean present = true;
    private final List<Listener> listeners = new ArrayList<>();

    public void set(boolean p) {
        present = p;
        for (Listener l : listeners) l.onMainsChanged(p);
    }

    @Override public boolean mainsPresent() {
        return present;
    }

    @Override public void addListener(Listener l) {
        listeners.add(l);
    }
}
