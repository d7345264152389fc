package vn.loa.hal.time;

/** A handle on scheduled work. Cancelling twice, or after the work ran, is harmless. */
@FunctionalInterface
public interface Cancellable {
    void cancel();

    Cancellable NONE = () -> { };
}
