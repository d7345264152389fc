package vn.loa.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.exception.IOException;
import org.tinylog.Logger;
import vn.loa.hal.BinaryOutput;

/**
 * A {@link BinaryOutput} over a Pi4J digital output whose {@code onState} carries the profile's polarity, so
 * {@code on()} / {@code off()} pick the pin level and this class never does. Synchronized: callable from any
 * thread. Once {@link #release()}d (board closing) further sets are ignored, and a set to on is logged.
 */
final class Pi4jOutput implements BinaryOutput {

    private final String role;
    private final DigitalOutput pin;
    private boolean released;

    Pi4jOutput(String role, DigitalOutput pin) {
        this.role = role;
        this.pin = pin;
    }

    @Override public String role() { return role; }

    @Override public synchronized boolean active() {
        return pin.isOn();
    }

    @Override public synchronized void set(boolean active) {
        if (released) {
            if (active) Logger.tag("board").warn("{} not switched on: the board is closed", role);
            return;
        }
        if (active == pin.isOn()) return;
        try {
            if (active) {
                pin.on();
            } else {
                pin.off();
            }
        } catch (IOException e) {
            throw new IllegalStateException("GPIO BCM " + pin.address() + " (" + role + ") could not be set "
                    + (active ? "on" : "off") + ": " + e.getMessage(), e);
        }
        Logger.tag("board").debug("{} {} (BCM {} {})", role, active ? "on" : "off", pin.address(), pin.state());
    }

    /** From now on the pin belongs to Pi4J's shutdown; sets are ignored. */
    synchronized void release() {
        released = true;
    }

    DigitalOutput pin() {
        return pin;
    }

    @Override public String toString() {
        return role + "=" + (pin.isOn() ? "on" : "off");
    }
}
