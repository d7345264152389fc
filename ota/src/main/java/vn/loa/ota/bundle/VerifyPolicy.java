package vn.loa.ota.bundle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bundle is checked against. Only the trust store is required; each device fact left out is reported
 * as "not checked" rather than passed (the release tool checks signatures and jars; a device checks all).
 *
 * @param trust           release keys trusted before this bundle
 * @param board           this device's board name; absent: not checked
 * @param launcherVersion the installed launcher's version; absent: not checked
 * @param installed       the committed version; absent: no anti-downgrade check (nothing installed)
 * @param now             wall-clock time for the expiry check; absent: not checked
 */
public record VerifyPolicy(TrustStore trust, Optional<String> board, Optional<Version> launcherVersion,
                           Optional<Version> installed, Optional<Instant> now) {

    public VerifyPolicy {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(launcherVersion, "launcherVersion");
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(now, "now");
    }

    public static Builder builder(TrustStore trust) {
        return new Builder(trust);
    }

    /** Builds a policy; every device fact is "not checked" by default. */
    public static final class Builder {
        private final TrustStore trust;
        private String board;
        private Version launcherVersion;
        private Version installed;
        private Instant now;

        private Builder(TrustStore trust) {
            this.trust = trust;
        }

        /** The board the bundle must list. By default not checked. */
        public Builder board(String b) {
            this.board = b;
            return this;
        }

        /** The launcher version that must be at least the manifest's minimum. By default not checked. */
        public Builder launcherVersion(Version v) {
            this.launcherVersion = v;
            return this;
        }

        /** The committed version the bundle must be newer than. By default none (fresh device). */
        public Builder installed(Version v) {
            this.installed = v;
            return this;
        }

        /** The time compared with the manifest's expiry. By default not checked. */
        public Builder now(Instant t) {
            this.now = t;
            return this;
        }

        public VerifyPolicy build() {
            return new VerifyPolicy(trust, Optional.ofNullable(board), Optional.ofNullable(launcherVersion),
                    Optional.ofNullable(installed), Optional.ofNullable(now));
        }
    }
}
