package vn.loa.agent.lwm2m;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;

/**
 * The headend's side of Object 33003: takes what a station's Play Log instance offers (a Read or an Observe
 * notification of {@code /33003/0}), keeps every record once by (endpoint, seq), and says which acknowledgement to
 * write back to {@code /33003/0/2}. Pure: the LwM2M server plumbing (observe on registration, the write) is the
 * caller's, so any headend (the simulator's, a test's) uses the same rules. Thread-safe.
 */
public final class PlayLogInbox {

    /** One stored record: sequence number and the station's JSON text. */
    public record Record(long seq, String json) { }

    /** What one offer brought. {@code ack} is what to write to Acknowledged Up To, when there is something to ack. */
    public record Accepted(int fresh, int duplicates, OptionalLong ack) { }

    private final Map<String, TreeMap<Long, String>> records = new HashMap<>();
    private int duplicates;

    /**
     * Stores the records in {@code node} (the object instance or its Pending Records resource) for {@code endpoint}.
     * A record whose text is not the station's JSON with a {@code seq} is skipped and named in the exception after the
     * others were stored.
     *
     * @throws IllegalArgumentException when the node is not a Play Log instance or resource, or a record is damaged
     */
    public synchronized Accepted accept(String endpoint, LwM2mNode node) {
        LwM2mResource pending = switch (node) {
            case LwM2mObjectInstance i -> i.getResource(PlayLogEnabler.PENDING_RECORDS);
            case LwM2mMultipleResource r when r.getId() == PlayLogEnabler.PENDING_RECORDS -> r;
            default -> null;
        };
        if (pending == null) {
            throw new IllegalArgumentException(endpoint + ": not a Play Log instance (no resource "
                    + PlayLogEnabler.PENDING_RECORDS + "): " + node);
        }
        TreeMap<Long, String> mine = records.computeIfAbsent(endpoint, e -> new TreeMap<>());
        int fresh = 0;
        int dup = 0;
        long highest = 0;
        List<String> damaged = new ArrayList<>();
        for (LwM2mResourceInstance ri : pending.getInstances().values()) {
            String json = String.valueOf(ri.getValue());
            Optional<Long> seq = seqOf(json);
            if (seq.isEmpty()) {
                damaged.add("instance " + ri.getId() + ": '" + (json.length() > 80 ? json.substring(0, 80) + "..." : json) + "'");
                continue;
            }
            highest = Math.max(highest, seq.get());
            if (mine.putIfAbsent(seq.get(), json) == null) fresh++;
            else dup++;
        }
        duplicates += dup;
        if (!damaged.isEmpty()) {
            throw new IllegalArgumentException(endpoint + ": play log records without a readable seq (not acknowledged): "
                    + String.join("; ", damaged));
        }
        return new Accepted(fresh, dup, highest > 0 ? OptionalLong.of(highest) : OptionalLong.empty());
    }

    /** Every record kept for {@code endpoint}, in sequence order. */
    public synchronized List<Record> records(String endpoint) {
        return records.getOrDefault(endpoint, new TreeMap<>()).entrySet().stream()
                .map(e -> new Record(e.getKey(), e.getValue())).toList();
    }

    /** Records offered again after they were stored (a lost acknowledgement); never stored twice. */
    public synchronized int duplicates() {
        return duplicates;
    }

    private static Optional<Long> seqOf(String json) {
        try {
            Object seq = JSON.std.mapFrom(json).get("seq");
            return seq instanceof Number n && n.longValue() > 0 ? Optional.of(n.longValue()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
