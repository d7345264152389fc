package vn.loa.agent.store;

/** What an acknowledgement from the headend did. Acknowledgements are idempotent and cumulative. */
public sealed interface AckOutcome {

    /** Records {@code from..to} are now acknowledged (durably). */
    record Advanced(long from, long to) implements AckOutcome { }

    /** Nothing new: everything up to {@code ackedUpTo} was already acknowledged (a repeated ack). */
    record AlreadyAcknowledged(long ackedUpTo) implements AckOutcome { }

    /** Refused: {@code requested} was never written (the last record is {@code lastSeq}); nothing changed. */
    record Beyond(long requested, long lastSeq) implements AckOutcome { }
}
