package vn.loa.agent.lwm2m;

import java.time.Duration;

/**
 * Hears the client's registration transitions. Called on Leshan's or the client's own thread; must not block.
 */
public interface RegistrationListener {

    /**
     * @param outcome what happened
     * @param retryIn for a failure, when the client tries again (zero when it retries at once or not at all)
     */
    void onOutcome(RegistrationOutcome outcome, Duration retryIn);
}
