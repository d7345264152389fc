package vn.loa.agent.runtime;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import vn.loa.agent.lwm2m.StationLwm2mClient;
import vn.loa.agent.update.EngineSelfTest;
import vn.loa.agent.update.ExitRestarter;
import vn.loa.agent.update.StationUpdates;
import vn.loa.agent.update.UpdateConfig;

/**
 * Over-the-air updates as a {@link Station.Part}: {@link StationUpdates} on the station's control loop (activation
 * policy from the arbiter, health beats with the engine's self-test and the LwM2M registration, the board model as the
 * bundle's target) and LwM2M Object 5 over its service. A restart into a new slot runs the station's safe shutdown,
 * then {@code exit}s with 75 for the launcher.
 *
 * <p>{@code loa run} adds it when loa.json has an {@code update} section: {@code builder.part(UpdatesPart.factory(cfg,
 * System::exit))}. The simulator passes an exit that does not end the JVM.
 */
public final class UpdatesPart implements Station.Part {

    private final StationUpdates updates;

    private UpdatesPart(StationUpdates updates) {
        this.updates = updates;
    }

    /** @param exit called with 75 after the safe shutdown when an update was installed */
    public static Station.PartFactory factory(UpdateConfig config, IntConsumer exit) {
        return factory(config, exit, b -> { });
    }

    /**
     * As {@link #factory(UpdateConfig, IntConsumer)}, with {@code tune} applied to the builder last: the simulator's
     * launcher sets the running version, its own health socket and a short launcher poll there.
     */
    public static Station.PartFactory factory(UpdateConfig config, IntConsumer exit, Consumer<StationUpdates.Builder> tune) {
        return station -> {
            StationUpdates.Builder b = StationUpdates.builder(config, station.loop(), station.arbiter()::status,
                            new EngineSelfTest(station.engine()::status, station.loop().clock(), EngineSelfTest.DEFAULT_DEADLINE),
                            new ExitRestarter(station::close, exit))
                    .registered(() -> station.lwm2m().map(StationLwm2mClient::isRegistered).orElse(false))
                    .board(station.board().profile().board().key());
            tune.accept(b);
            return new UpdatesPart(b.open());
        };
    }

    public StationUpdates updates() {
        return updates;
    }

    @Override public void extend(StationLwm2mClient.Builder client) {
        client.updates(updates.service());
    }

    @Override public void close() {
        updates.close();
    }
}
