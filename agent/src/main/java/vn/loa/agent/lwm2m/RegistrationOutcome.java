package vn.loa.agent.lwm2m;

/**
 * What became of one attempt to be known to the LwM2M server. A value for listeners and for the provisioning check.
 */
public sealed interface RegistrationOutcome {

    /** Why an attempt failed, named for the step that failed. */
    enum Failure {
        /** No DTLS answer at all: server down, wrong host or port, firewall, no uplink. */
        UNREACHABLE,
        /** The server answered but the DTLS handshake failed: most likely a wrong PSK identity or key (or RPK). */
        HANDSHAKE_FAILED,
        /** The server answered the registration with an error code (endpoint unknown, forbidden, bad request). */
        REJECTED,
        /** The secure session was up but the server did not answer the request in time. */
        TIMEOUT,
        /** The bootstrap server did not give a usable configuration. */
        BOOTSTRAP_FAILED
    }

    record Registered(String serverUri, String registrationId) implements RegistrationOutcome { }

    record Failed(Failure failure, String reason) implements RegistrationOutcome { }

    record Deregistered(String serverUri) implements RegistrationOutcome { }
}
