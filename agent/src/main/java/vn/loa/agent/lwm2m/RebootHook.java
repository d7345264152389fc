package vn.loa.agent.lwm2m;

/**
 * A safe reboot of the station (Device object, Reboot): amplifiers off and audio muted first, state flushed, then the
 * reboot. Implemented by the agent's main.
 *
 * <p>Called on a protocol thread; must return at once (the LwM2M server gets its 2.04 before the station goes down) and
 * do the work on the control loop. {@code by} names who asked, for the audit log.
 */
@FunctionalInterface
public interface RebootHook {
    void safeReboot(String by);
}
