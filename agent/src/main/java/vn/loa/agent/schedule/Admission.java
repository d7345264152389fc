package vn.loa.agent.schedule;

import vn.loa.agent.broadcast.ItemResult;

/** Whether a guard lets an item on air now. */
public sealed interface Admission {

    Admitted ADMITTED = new Admitted();

    record Admitted() implements Admission { }

    /** Not now; {@code reason} quotes the rule and the values (for the play log, the audit log and the headend). */
    record Refused(String reason) implements Admission {
        public ItemResult.Refused asResult() {
            return new ItemResult.Refused(reason);
        }
    }

    default boolean admitted() {
        return this instanceof Admitted;
    }
}
