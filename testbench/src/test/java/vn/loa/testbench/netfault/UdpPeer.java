package vn.loa.testbench.netfault;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A UDP server on loopback for the proxy tests: records what arrives and from which port, echoes it back. */
final class UdpPeer implements AutoCloseable {

    record Arrival(int sourcePort, String text) {
    }

    private final DatagramSocket socket;
    final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    volatile SocketAddress lastSender;

    UdpPeer(boolean echo) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().name("udp-peer").start(() -> {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                lastSender = p.getSocketAddress();
                arrivals.add(new Arrival(p.getPort(), new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
                if (echo) {
                    try {
                        socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        });
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void sendTo(SocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    @Override public void close() {
        socket.close();
    }
}
