package vn.loa.ota;

/**
 * Whether a downloaded update may be activated (restart into the new slot) right now. The agent forbids it
 * while an EMERGENCY or PRIORITY item plays and may defer NORMAL-time activation to a maintenance window.
 * Called on the control loop; must be quick and must not block.
 */
@FunctionalInterface
public interface ActivationPolicy {

    Decision mayActivateNow();

    sealed interface Decision {
        record Allowed() implements Decision { }
        /** Not now; {@code reason} is shown as the update's detail ("EMERGENCY item playing"). */
        record Deferred(String reason) implements Decision { }
    }

    ActivationPolicy ALWAYS = () -> new Decision.Allowed();
}
