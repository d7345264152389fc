package vn.loa.hal;

/**
 * The board's GPIO could not be opened (not a Raspberry Pi, no GPIO chip, pins busy). The message names the
 * profile, the cause and that the amplifiers stay off; no pin is left driven by the failed attempt.
 */
public final class BoardOpenException extends Exception {

    public BoardOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
