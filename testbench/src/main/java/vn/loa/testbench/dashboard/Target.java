package vn.loa.testbench.dashboard;

/** Which receivers an action is for: all of them, or one by id. */
public sealed interface Target {

    /** Every receiver of the station. */
    record All() implements Target {
    }

    /** The receiver with this id. */
    record One(String receiverId) implements Target {
        public One {
            if (receiverId == null || receiverId.isBlank()) throw new IllegalArgumentException("receiver id is empty");
        }
    }

    Target ALL = new All();

    /** {@code all} → {@link All}; anything else → {@link One}. */
    static Target parse(String s) {
        return s.equals("all") ? ALL : new One(s);
    }

    /** {@code all} or the receiver id. */
    default String word() {
        return switch (this) {
            case All a -> "all";
            case One o -> o.receiverId();
        };
    }
}
