import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Starts mongo-java-server with its in-memory backend on 127.0.0.1 (port from the first argument,
 * 0 for any free one), prints the bound port on stdout as "port=N" and serves until killed.
 *
 * mongo-java-server 1.46.0 announces at most MongoDB 4.0 (wire version 7), and the Node.js driver
 * 6.x refuses any server below 4.2 (wire version 8) before sending a single command. The launcher
 * therefore announces 4.2 / wire version 8. Nothing else changes: the server still implements only
 * what it implements, and a command it lacks fails the test that needs it (CI lists those).
 */
public class Launcher {
  private static final MongoVersion ANNOUNCED = new MongoVersion() {
    @Override public List<Integer> getVersionArray() { return List.of(4, 2, 0); }
    @Override public int getWireVersion() { return 8; }
  };

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    MongoServer server = new MongoServer(new MemoryBackend().version(ANNOUNCED));
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    System.out.println("port=" + address.getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
