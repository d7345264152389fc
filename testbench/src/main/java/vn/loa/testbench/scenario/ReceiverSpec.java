package vn.loa.testbench.scenario;

/**
 * One simulated receiver a scenario needs.
 *
 * @param name     its id in steps, expectations and the report ({@code rx-1}); letters, digits, '.', '_', '-'
 * @param wrongPsk it is provisioned with a PSK the headend does not know, so its DTLS handshake must fail
 */
public record ReceiverSpec(String name, boolean wrongPsk) {

    public ReceiverSpec {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("receiver name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** Whether the scenario waits for it to register before its steps begin. */
    public boolean expectedToRegister() {
        return !wrongPsk;
    }
}
