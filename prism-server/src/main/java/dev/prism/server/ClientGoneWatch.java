package dev.prism.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that close their connection while their request waits for the batcher, and
 * cancels the request so it never reaches the model.
 *
 * <p>Why not Jetty: an HTTP/1.1 connection is not read while its request is being handled (a
 * pipelined next request would be read too early), so a client's FIN stays unnoticed until the
 * answer is written. Reading the socket ourselves would steal pipelined bytes. The kernel knows,
 * though: the server side of a connection whose peer has closed is in TCP state {@code CLOSE_WAIT},
 * listed in {@code /proc/net/tcp} and {@code /proc/net/tcp6}. Every {@code periodMs}, while some
 * request waits, this reads those tables once and cancels the waiting request of each connection
 * in that state; the batcher then drops it before its batch runs ({@code
 * prism_batcher_dropped_items_total{reason="abandoned"}}), or its answer is discarded if the batch
 * already runs. A connection reset (RST) leaves no {@code CLOSE_WAIT} entry and is not noticed;
 * the request's deadline still bounds it. A client that half-closes (shuts down its sending side
 * after the request but still reads) is in the same state and is cancelled too; HTTP/1.1 clients do
 * not do that, and {@code server.client_gone_check_ms=0} turns the watch off for those that do. On
 * systems without these files the watch is off.
 */
final class ClientGoneWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientGoneWatch.class);
  static final List<Path> PROC_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  /** TCP_CLOSE_WAIT in the kernel's tcp_states.h, as /proc prints it. */
  private static final String CLOSE_WAIT = "08";
  /** What an IPv4 address mapped into IPv6 (::ffff:a.b.c.d) looks like in /proc/net/tcp6, before the address. */
  private static final String V4_MAPPED_PREFIX = "0000000000000000FFFF0000";

  /** Ends the watch of one request. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /** One TCP connection as the kernel lists it: the client's address and port, the server's port. */
  record Peer(String remoteHex, int remotePort, int localPort) {}

  private final List<Path> tables;
  private final Map<Peer, CompletableFuture<?>> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final LongAdder cancelled = new LongAdder();

  /** {@code periodMs} 0, or none of {@code tables} readable: the watch does nothing. */
  ClientGoneWatch(long periodMs, List<Path> tables) {
    this.tables = tables.stream().filter(Files::isReadable).toList();
    if (periodMs <= 0 || this.tables.isEmpty()) {
      this.timer = null;
      if (periodMs > 0) {
        log.info("client disconnects are not watched: none of {} is readable", tables);
      }
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("prism-client-gone-watch").unstarted(r));
    timer.scheduleWithFixedDelay(this::sweepQuietly, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  boolean active() {
    return timer != null;
  }

  /** Requests cancelled because their client had gone. */
  long cancelled() {
    return cancelled.sum();
  }

  /**
   * Watches one waiting request until the returned handle is closed (in a finally block around the
   * wait). {@code remoteIp} is the client's address as the servlet API gives it (a literal, so no
   * name lookup happens).
   */
  Handle watch(String remoteIp, int remotePort, int localPort, CompletableFuture<?> request) {
    if (timer == null) {
      return () -> {};
    }
    Peer peer;
    try {
      peer = new Peer(procHex(InetAddress.getByName(remoteIp)), remotePort, localPort);
    } catch (java.net.UnknownHostException e) {
      return () -> {}; // not an address literal (the servlet API gives one): nothing to match
    }
    waiting.put(peer, request);
    return () -> waiting.remove(peer, request);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException | IOException e) {
      log.warn("client disconnect watch failed this round: {}", e.toString());
    }
  }

  /** One round: cancels every watched request whose connection the client has closed. */
  void sweep() throws IOException {
    if (waiting.isEmpty()) {
      return;
    }
    Set<Peer> closed = new HashSet<>();
    for (Path t : tables) {
      closed.addAll(closeWait(Files.readAllLines(t)));
    }
    for (Map.Entry<Peer, CompletableFuture<?>> e : waiting.entrySet()) {
      if (closed.contains(e.getKey()) && e.getValue().cancel(false)) {
        cancelled.increment();
        log.debug("client {}:{} closed its connection while its request waited; cancelled", e.getKey().remoteHex(),
            e.getKey().remotePort());
      }
    }
  }

  /** The connections in {@code CLOSE_WAIT} in the lines of a /proc/net/tcp or tcp6 table (header included). */
  static Set<Peer> closeWait(List<String> lines) {
    Set<Peer> out = new HashSet<>();
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      // sl local_address rem_address st ...
      if (f.length < 4 || !f[3].equals(CLOSE_WAIT) || f[1].indexOf(':') < 0 || f[2].indexOf(':') < 0) {
        continue;
      }
      String[] local = f[1].split(":");
      String[] remote = f[2].split(":");
      try {
        out.add(new Peer(normalize(remote[0]), Integer.parseInt(remote[1], 16), Integer.parseInt(local[1], 16)));
      } catch (NumberFormatException e) {
        // not a connection line
      }
    }
    return out;
  }

  /** An IPv4-mapped IPv6 address from tcp6 written as the IPv4 address is in tcp, so both tables agree. */
  private static String normalize(String hex) {
    String h = hex.toUpperCase(java.util.Locale.ROOT);
    return h.length() == 32 && h.startsWith(V4_MAPPED_PREFIX) ? h.substring(24) : h;
  }

  /**
   * An address as /proc/net/tcp{,6} prints it: the bytes in 32-bit words, each word in the
   * machine's byte order (little-endian on x86 and arm64, where Linux servers run), in hex.
   */
  static String procHex(InetAddress a) {
    byte[] b = a.getAddress();
    if (!(a instanceof Inet4Address)) {
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
        b = java.util.Arrays.copyOfRange(b, 12, 16);
      }
    }
    byte[] swapped = new byte[b.length];
    for (int w = 0; w < b.length; w += 4) {
      for (int k = 0; k < 4; k++) {
        swapped[w + k] = b[w + 3 - k];
      }
    }
    return HexFormat.of().withUpperCase().formatHex(swapped);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
