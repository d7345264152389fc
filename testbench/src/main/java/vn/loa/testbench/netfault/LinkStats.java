package vn.loa.testbench.netfault;

/**
 * Counters of one {@link FaultProxy} since it started, both directions together. A snapshot; counters only
 * grow except {@code inFlight}.
 *
 * @param received datagrams (UDP) or chunks (TCP) read from either side
 * @param delivered datagrams or chunks written to the other side
 * @param inFlight read and due for delivery but not yet written (waiting for delay, jitter or bandwidth)
 * @param lost UDP datagrams dropped, or TCP chunks delivered late as retransmitted, by the loss setting
 * @param blackholed discarded while the blackhole was on
 * @param queueDropped UDP datagrams dropped because the bandwidth queue was full
 * @param expiredDropped UDP datagrams from the server dropped because the client's NAT mapping had expired
 * @param bytesDelivered payload bytes written
 * @param sessions UDP mappings or TCP connections opened
 * @param natRebinds times {@link FaultProxy#rebindNat()} was called
 * @param resets TCP connections reset or UDP mappings forgotten by {@link FaultProxy#resetConnections()}
 */
public record LinkStats(long received, long delivered, long inFlight, long lost, long blackholed, long queueDropped,
                        long expiredDropped, long bytesDelivered, long sessions, long natRebinds, long resets) {
}
