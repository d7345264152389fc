package vn.loa.ota.release;

/** Receives progress of a long job. Called on the job's thread; must be quick and must not throw. */
@FunctionalInterface
public interface Progress {

    /** {@code done} of {@code total} bytes; {@code item} names what is being worked on. */
    void update(long done, long total, String item);

    Progress NONE = (d, t, i) -> { };
}
