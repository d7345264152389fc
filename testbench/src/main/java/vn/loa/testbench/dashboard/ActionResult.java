package vn.loa.testbench.dashboard;

/** How the station took an {@link Action}: done (with a short message for the page) or refused (with why). */
public sealed interface ActionResult {

    record Done(String message) implements ActionResult {
    }

    record Refused(String reason) implements ActionResult {
    }

    static ActionResult done(String message) {
        return new Done(message);
    }

    static ActionResult refused(String reason) {
        return new Refused(reason);
    }
}
