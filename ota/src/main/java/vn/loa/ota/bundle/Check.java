package vn.loa.ota.bundle;

/** One check of a bundle verification: what was checked, its outcome, and the facts behind it. */
public record Check(String name, Outcome outcome, String detail) {

    public enum Outcome { PASSED, FAILED, NOT_CHECKED }

    public static Check pass(String name, String detail) {
        return new Check(name, Outcome.PASSED, detail);
    }

    public static Check fail(String name, String detail) {
        return new Check(name, Outcome.FAILED, detail);
    }

    public static Check skipped(String name, String detail) {
        return new Check(name, Outcome.NOT_CHECKED, detail);
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** {@code "ok    signature   Ed25519 by key 0123..."} for a terminal. */
    public String line() {
        String mark = switch (outcome) {
            case PASSED -> "ok";
            case FAILED -> "FAIL";
            case NOT_CHECKED -> "-";
        };
        return String.format("%-5s %-16s %s", mark, name, detail);
    }
}
