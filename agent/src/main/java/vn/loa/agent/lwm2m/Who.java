package vn.loa.agent.lwm2m;

import org.eclipse.leshan.client.servers.LwM2mServer;

/** Names the server behind a request for audit logs and {@code by} arguments: {@code lwm2m:SHORT_ID}. */
final class Who {
    private Who() {
    }

    static String of(LwM2mServer server) {
        if (server == null || server.isSystem()) return "lwm2m:system";
        return "lwm2m:" + (server.getId() == null ? "bootstrap" : server.getId());
    }
}
