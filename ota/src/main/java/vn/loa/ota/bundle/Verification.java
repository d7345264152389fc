package vn.loa.ota.bundle;

import java.security.PublicKey;
import java.util.List;

/**
 * The outcome of verifying a bundle: every check that ran, in order, and the verdict. A refusal's
 * {@link Refused#reason()} is the first failed check, phrased for a person and for the Update Result.
 */
public sealed interface Verification {

    List<Check> checks();

    /** Every check passed. {@code newlyTrusted} are keys the rotation chain endorsed that the store lacked. */
    record Accepted(Manifest manifest, List<Check> checks, List<PublicKey> newlyTrusted) implements Verification {
        public Accepted {
            checks = List.copyOf(checks);
            newlyTrusted = List.copyOf(newlyTrusted);
        }
    }

    /** At least one check failed; {@code kind} says which Update Result a device reports for it. */
    record Refused(Kind kind, String reason, List<Check> checks) implements Verification {
        public Refused {
            checks = List.copyOf(checks);
        }
    }

    /** Why a bundle was refused, in the terms LwM2M Object 5 reports. */
    enum Kind {
        /** Unreadable, unsigned, badly signed, or a jar whose bytes differ from the manifest. */
        INTEGRITY,
        /** Signed and intact but not for this device: board, launcher version, downgrade, expiry. */
        UNSUPPORTED
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
