package vn.loa.agent.lwm2m;

import java.time.Instant;

/**
 * Where the LwM2M server's time goes when it writes Device Current Time (3/0/13): the station's clock trust, which
 * trusts the wall clock when it agrees with the server's within its tolerance (the station never sets the OS clock
 * from the network). Returns the verdict in words, for the log. Called on a protocol thread; must not block.
 */
@FunctionalInterface
public interface ServerTimeSink {
    String offered(Instant serverNow);
}
