package vn.loa.agent.diagnose;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import vn.loa.hal.Amplifier;
import vn.loa.hal.time.Scheduler;

/**
 * The amplifier works: its fault input is not active, and when idle its relay cycles (asked for, it warms up
 * and reports ready; released at once, it is off again). An amplifier on air is not cycled, so a diagnosis
 * never cuts a bulletin.
 *
 * <p>The amplifier is driven on its control loop ({@code loop}), as its contract requires; this check waits
 * for the transitions with bounded timeouts and always forces the amplifier off again when it cycled it.
 * Each run adds one listener to the amplifier (the role has no way to remove one); it only fills a small
 * bounded queue, so repeated runs cost a few bytes each.
 */
public final class AmplifierCheck implements Check {

    private static final int MAX_TRANSITIONS = 8;

    private final Amplifier amp;
    private final Scheduler loop;
    private final Duration readyWithin;

    /** @param readyWithin how long the warm-up may take before the relay test fails (warm-up plus margin) */
    public AmplifierCheck(Amplifier amp, Scheduler loop, Duration readyWithin) {
        this.amp = amp;
        this.loop = loop;
        this.readyWithin = readyWithin;
    }

    @Override public String name() {
        return "amplifier";
    }

    private static CheckResult faultActive(String zone, String when) {
        return CheckResult.fail("zone " + zone + ": fault input active" + when,
                "amplifier overheated or shorted (or its fault wire is loose)",
                "let it cool, check the fan and the speaker line for a short, check the fault wire");
    }

    @Override public CheckResult run() throws InterruptedException {
        BlockingQueue<Amplifier.State> seen = new ArrayBlockingQueue<>(64);
        BlockingQueue<Amplifier.State> start = new ArrayBlockingQueue<>(1);
        loop.execute(() -> {
            amp.addListener((a, from, to, reason) -> seen.offer(to));
            start.offer(amp.state());
        });
        Amplifier.State initial = start.poll(readyWithin.toMillis(), TimeUnit.MILLISECONDS);
        if (initial == null) {
            return CheckResult.fail("zone " + amp.zone() + ": the control loop did not answer within "
                    + readyWithin.toMillis() + " ms", "the agent is stuck", "restart the receiver ('systemctl restart loa')");
        }
        switch (initial) {
            case FAULT:
                return faultActive(amp.zone(), "");
            case WARMING, ON, HOLD:
                return CheckResult.pass("zone " + amp.zone() + " is in use (" + initial + "); relay not cycled during audio");
            case OFF:
                break;
        }
        loop.execute(() -> amp.demand(false));
        try {
            // OFF -> WARMING -> ON is two transitions; a few more (HOLD, retries) are tolerated, each bounded.
            for (int transitions = 0; ; transitions++) {
                Amplifier.State s = transitions > MAX_TRANSITIONS ? null
                        : seen.poll(readyWithin.toMillis(), TimeUnit.MILLISECONDS);
                if (s == null) {
                    return CheckResult.fail("zone " + amp.zone() + ": asked for, not ready within " + readyWithin.toMillis() + " ms",
                            "the relay does not close or the amplifier gets no power",
                            "check the relay (it should click), the amplifier's fuse and power supply");
                }
                if (s == Amplifier.State.FAULT) return faultActive(amp.zone(), " when switched on");
                if (s == Amplifier.State.ON) break;
            }
        } finally {
            loop.execute(() -> amp.forceOff("diagnose relay test done"));
        }
        return CheckResult.pass("zone " + amp.zone() + ": relay cycled, warmed up and switched off again");
    }
}
