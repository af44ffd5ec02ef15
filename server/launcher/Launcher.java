package faultline.server;

import io.temporal.testserver.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *
 * <p>It also answers one command on standard input, for runs that stall: {@code locks <file>}
 * writes which time-skipping locks are open, and the lock events since the oldest of them, to
 * that file, then prints {@link #LOCKS_WRITTEN} and the file on standard error.
 */
public final class Launcher {
  /** The line faultline waits for on standard error, followed by the outcome. */
  static final String STATUS = "faultline launcher: lock-event list ";
  /** The line that says a lock diagnosis was written, followed by its file. */
  static final String LOCKS_WRITTEN = "faultline launcher: locks written to ";
  /** At most this many events are written after the oldest open lock. */
  private static final int MAX_EVENTS_WRITTEN = 5_000;

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
    Thread commands = new Thread(() -> answerCommands(server), "faultline launcher commands");
    commands.setDaemon(true);
    commands.start();
  }

  /** Reads commands from standard input until it closes (at once when it is not a pipe). */
  private static void answerCommands(Object server) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.startsWith("locks ")) continue;
        Path file = Path.of(line.substring("locks ".length()).trim());
        try {
          writeLockDiagnosis(server, file);
          System.err.println(LOCKS_WRITTEN + file);
        } catch (ReflectiveOperationException | IOException | RuntimeException error) {
          System.err.println("faultline launcher: locks NOT written (" + error + ")");
        }
      }
    } catch (IOException closed) {
      // Standard input closed: no more commands.
    }
  }

  /**
   * Lock and unlock events of the self-advancing timer are a counter, not pairs: a request
   * context unlocks under another caller's name than it locked. What can be said exactly is
   * when the count last rose to each level it never fell below since: the lock held at each
   * level was taken at or after that event. The oldest such event bounds where a leaked lock
   * was taken; the events after it are written so the leak can be found among them.
   */
  private static void writeLockDiagnosis(Object server, Path file) throws ReflectiveOperationException, IOException {
    Object timer = selfAdvancingTimer(server);
    Lock lock = (Lock) read(timer, "lock");
    List<Object> events;
    int lockCount;
    long serverTimeMs;
    lock.lock();
    try {
      events = new ArrayList<>((Collection<?>) read(timer, "lockEvents"));
      lockCount = (Integer) read(timer, "lockCount");
      serverTimeMs = (Long) read(timer, "currentTimeMs");
    } finally {
      lock.unlock();
    }
    int n = events.size();
    if (n == 0) throw new IllegalStateException("no lock events");
    LockEventFields fields = new LockEventFields(events.get(0));
    int[] count = new int[n];
    int running = 0;
    for (int i = 0; i < n; i++) {
      running += fields.isLock(events.get(i)) ? 1 : -1;
      count[i] = running;
    }
    // open[k - 1]: index of the event that last raised the count to k for good.
    List<Integer> open = new ArrayList<>();
    int floor = Integer.MAX_VALUE;
    for (int i = n - 1; i >= 0; i--) {
      int before = i == 0 ? 0 : count[i - 1];
      if (count[i] > before && count[i] <= floor) open.add(0, i);
      floor = Math.min(floor, count[i]);
    }
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8))) {
      out.println("time-skipping locks held: " + lockCount + " (events in the list: " + n + ", count from them: " + running + ")");
      out.println("server time: " + serverTimeMs + " ms; wall time now: " + new Timestamp(System.currentTimeMillis()));
      out.println("lock events that raised the count to a level it has not left since (oldest first):");
      for (int i : open) out.println("  #" + i + "  " + fields.describe(events.get(i), count[i]));
      int from = open.isEmpty() ? Math.max(0, n - 200) : open.get(0);
      // A workflow task that keeps timing out (a completion the server refuses) shows here.
      Map<String, Integer> callers = new TreeMap<>();
      for (int i = from; i < n; i++) callers.merge(fields.kind(events.get(i)), 1, Integer::sum);
      out.println("events since then by kind: " + callers);
      int to = Math.min(n, from + MAX_EVENTS_WRITTEN);
      out.println("events #" + from + " to #" + (to - 1) + " (count after each event, then its caller):");
      for (int i = from; i < to; i++) out.println("  #" + i + "  " + fields.describe(events.get(i), count[i]));
      if (to < n) out.println("  ... " + (n - to) + " more events");
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The fields of the server's (private) lock-event class, looked up once per diagnosis. */
  private static final class LockEventFields {
    private final Field type;
    private final Field caller;
    private final Field timestamp;

    LockEventFields(Object event) throws NoSuchFieldException {
      type = field(event, "lockType");
      caller = field(event, "caller");
      timestamp = field(event, "timestamp");
    }

    boolean isLock(Object event) throws IllegalAccessException {
      return "L".equals(type.get(event).toString());
    }

    /** "L caller" or "U caller". */
    String kind(Object event) throws IllegalAccessException {
      return type.get(event) + " " + caller.get(event);
    }

    String describe(Object event, int countAfter) throws IllegalAccessException {
      return new Timestamp((Long) timestamp.get(event)) + "  " + type.get(event) + "  " + countAfter + "  " + caller.get(event);
    }
  }

  private static Object selfAdvancingTimer(Object server) throws ReflectiveOperationException {
    return read(read(server, "testServicesStarter"), "selfAdvancingTimer");
  }

  private static void mendLockEvents(Object server) throws ReflectiveOperationException {
    Object timer = selfAdvancingTimer(server);
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
