import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's floor under the live seat map's fan-out: the CPU one thread spends writing one frame to each of N
 * loopback TCP sockets with plain NIO (no Netty, no WebSocket framing), one system call a write, as the app must do
 * for every socket and frame. Another thread reads the other ends. Run: {@code java bench/WriteFloor.java 5000 40 811}
 * (sockets, rounds, frame bytes); the second pass is the figure (the first warms up). See docs/BENCHMARKS.md.
 */
public class WriteFloor {

    public static void main(String[] args) throws Exception {
        int sockets = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int frameBytes = Integer.parseInt(args[2]);
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        List<SocketChannel> writers = new ArrayList<>();
        Selector readers = Selector.open();
        for (int i = 0; i < sockets; i++) {
            SocketChannel reader = SocketChannel.open(server.getLocalAddress());
            SocketChannel writer = server.accept();
            writer.configureBlocking(false);
            writers.add(writer);
            reader.configureBlocking(false);
            reader.register(readers, SelectionKey.OP_READ);
        }
        Thread reading = new Thread(() -> drain(readers));
        reading.setDaemon(true);
        reading.start();

        ByteBuffer frame = ByteBuffer.allocateDirect(frameBytes);
        var threads = ManagementFactory.getThreadMXBean();
        for (int pass = 1; pass <= 2; pass++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long shortWrites = 0;
            for (int round = 0; round < rounds; round++) {
                for (SocketChannel writer : writers) {
                    ByteBuffer bytes = frame.duplicate();
                    writer.write(bytes);
                    shortWrites += bytes.hasRemaining() ? 1 : 0;
                }
                Thread.sleep(20); // frames come a window apart: the readers empty the buffers meanwhile
            }
            long writes = (long) sockets * rounds;
            System.out.printf("pass %d%s: %,d writes of %d B, %.2f us of CPU a write, %d short writes%n", pass,
                    pass == 1 ? " (warm-up)" : "", writes, frameBytes,
                    (threads.getCurrentThreadCpuTime() - cpuBefore) / 1000.0 / writes, shortWrites);
        }
        System.exit(0);
    }

    private static void drain(Selector readers) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        try {
            while (true) {
                readers.select(100);
                for (SelectionKey key : readers.selectedKeys()) {
                    buffer.clear();
                    ((SocketChannel) key.channel()).read(buffer);
                }
                readers.selectedKeys().clear();
            }
        } catch (Exception e) {
            // the process ends
        }
    }
}
