package vn.loa.agent.lwm2m;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import vn.loa.agent.broadcast.BroadcastItem;
import vn.loa.agent.broadcast.ItemResult;

/** Fakes of the station interfaces that apply changes at once and record what the management plane asked. */
final class FakeStation implements AudioControl, BroadcastControl, StationSensors, RebootHook {

    private final List<Runnable> audioListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> sensorListeners = new CopyOnWriteArrayList<>();
    private final List<ItemListener> itemListeners = new CopyOnWriteArrayList<>();
    final List<BroadcastItem> submitted = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    final List<String> reboots = new CopyOnWriteArrayList<>();
    final AtomicInteger volumeWrites = new AtomicInteger();
    private volatile Status status = new Status(60, false, 80, vn.loa.hal.Amplifier.State.OFF, false, true, 0, Optional.empty(), Optional.empty());
    private volatile Reading reading = new Reading(true, OptionalInt.of(95), false, OptionalDouble.of(41.5),
            Duration.ofSeconds(3600), 1_000_000_000L, true, Optional.of("ok: amplifier, sound card"));

    @Override public Status status() { return status; }

    @Override public void setVolume(int volume, String by) {
        volumeWrites.incrementAndGet();
        Status s = status;
        status = new Status(volume, s.muted(), s.emergencyMinVolume(), s.amplifier(), s.amplifierFault(),
                s.soundCardPresent(), s.underruns(), s.currentLevel(), s.currentItemId());
        audioListeners.forEach(Runnable::run);
    }

    @Override public void setMuted(boolean muted, String by) {
        Status s = status;
        status = new Status(s.volume(), muted, s.emergencyMinVolume(), s.amplifier(), s.amplifierFault(),
                s.soundCardPresent(), s.underruns(), s.currentLevel(), s.currentItemId());
        audioListeners.forEach(Runnable::run);
    }

    @Override public void setEmergencyMinVolume(int volume, String by) {
        Status s = status;
        status = new Status(s.volume(), s.muted(), volume, s.amplifier(), s.amplifierFault(),
                s.soundCardPresent(), s.underruns(), s.currentLevel(), s.currentItemId());
        audioListeners.forEach(Runnable::run);
    }

    @Override public void setOutOfService(boolean outOfService, String by) {
        Status s = status;
        status = new Status(s.volume(), s.muted(), s.emergencyMinVolume(), s.amplifier(), s.amplifierFault(),
                s.soundCardPresent(), s.underruns(), s.currentLevel(), s.currentItemId(), outOfService);
        audioListeners.forEach(Runnable::run);
    }

    @Override public void addStatusListener(Runnable listener) { audioListeners.add(listener); }

    @Override public void submit(BroadcastItem item) {
        submitted.add(item);
        itemListeners.forEach(l -> l.onState(item.id(), ItemState.PLAYING));
    }

    @Override public void stop(String itemId, String by) {
        stops.add(itemId + " by " + by);
        itemListeners.forEach(l -> l.onResult(itemId, new ItemResult.Stopped(by)));
    }

    @Override public void addItemListener(ItemListener listener) { itemListeners.add(listener); }

    void finish(String itemId) {
        itemListeners.forEach(l -> l.onResult(itemId, new ItemResult.Completed()));
    }

    @Override public Reading read() { return reading; }

    @Override public void addChangeListener(Runnable listener) { sensorListeners.add(listener); }

    void mains(boolean present) {
        Reading r = reading;
        reading = new Reading(present, r.batteryPercent(), r.tamper(), r.enclosureCelsius(), r.uptime(),
                r.diskFreeBytes(), r.clockTrusted(), r.lastSelfTest());
        sensorListeners.forEach(Runnable::run);
    }

    @Override public void safeReboot(String by) { reboots.add(by); }
}
