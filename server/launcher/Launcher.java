package faultline.server;

import io.temporal.testserver.TestServer;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;

/**
 * Starts the Java time-skipping test server as its own main class does (time skipping locked
 * until a client unlocks it, closed by a shutdown hook), then mends one piece of its
 * bookkeeping that makes long runs slow down quadratically.
 *
 * <p>The server's self-advancing timer keeps a debugging list of time-skipping lock events.
 * Locks taken and released through request contexts add an event each and never remove it, so
 * the list grows by two events per workflow task for the life of the server. A lock released
 * through its handle (every fired timer) removes its own event with {@code LinkedList.remove},
 * which searches from the head: past every stale event. On a 5,000-job faultline run the list
 * passed 300,000 events and the server spent most of its CPU in that search.
 *
 * <p>The mend swaps the list for one that searches from the tail, where a handle's event almost
 * always is (it was added moments before). Events are compared by identity either way, so the
 * list holds the same events in the same order and the server's diagnostics are unchanged. The
 * outcome is one line on standard error, which faultline waits for: if the server's internals
 * ever change shape, the mend is skipped, the server runs as shipped, and faultline says so.
 */
public final class Launcher {
  /** The line faultline waits for on standard error, followed by the outcome. */
  static final String STATUS = "faultline launcher: lock-event list ";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: faultline.server.Launcher <port>");
      System.exit(2);
    }
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(Integer.parseInt(args[0]), true);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    try {
      mendLockEvents(server);
      System.err.println(STATUS + "mended");
    } catch (ReflectiveOperationException | RuntimeException error) {
      System.err.println(STATUS + "NOT mended (" + error + ")");
    }
  }

  private static void mendLockEvents(Object server) throws ReflectiveOperationException {
    Object services = read(server, "testServicesStarter");
    Object timer = read(services, "selfAdvancingTimer");
    Lock lock = (Lock) read(timer, "lock");
    lock.lock();
    try {
      Field events = field(timer, "lockEvents");
      events.set(timer, new TailFirstList((Collection<?>) events.get(timer)));
    } finally {
      lock.unlock();
    }
  }

  private static Field field(Object owner, String name) throws NoSuchFieldException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    return field(owner, name).get(owner);
  }

  /** A linked list whose {@code remove(Object)} searches from the tail. */
  static final class TailFirstList extends LinkedList<Object> {
    private static final long serialVersionUID = 1L;

    TailFirstList(Collection<?> events) {
      super(events);
    }

    @Override
    public boolean remove(Object event) {
      return removeLastOccurrence(event);
    }
  }
}
