package vn.loa.testbench.dashboard;

import java.util.Objects;
import vn.loa.agent.broadcast.Level;

/** The item a receiver is airing: its id, a title for people and its broadcast level. */
public record Playing(String itemId, String title, Level level) {

    public Playing {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
    }
}
