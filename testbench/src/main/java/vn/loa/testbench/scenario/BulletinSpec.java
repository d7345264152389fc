package vn.loa.testbench.scenario;

/**
 * A bulletin a scenario airs: a generated sine tone (no tool needed), short so that scenarios stay quick.
 *
 * @param name    how steps refer to it
 * @param hz      the tone's pitch, 50..8000 Hz
 * @param seconds its length, 1..30 s
 */
public record BulletinSpec(String name, int hz, int seconds) {

    public BulletinSpec {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("bulletin name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (hz < 50 || hz > 8000) throw new IllegalArgumentException("bulletin " + name + ": hz " + hz + " outside 50..8000");
        if (seconds < 1 || seconds > 30) {
            throw new IllegalArgumentException("bulletin " + name + ": seconds " + seconds + " outside 1..30");
        }
    }
}
