package dev.prism.runtime.media;

import dev.prism.core.image.ImageDecodeException;
import dev.prism.core.image.ImageDecoder;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media stage: when a run reads images, turns every item's {@link MediaRef.Inline},
 * {@link MediaRef.LocalPath} or {@link MediaRef.Remote} into {@link MediaRef.Decoded} pixels, or
 * into {@link MediaRef.Unavailable} with a precise reason, before the graph runs. It runs on its
 * own bounded executor, never on a model worker, so a slow disk, a slow host or a large image
 * delays only the items that need it. When the run reads no image, items pass through untouched:
 * nothing is read, fetched or decoded.
 *
 * <p>Rules (see MEDIA.md beside this class): paths only under configured roots, after
 * normalisation and after following symbolic links; URLs only when enabled, only http(s), only to
 * allowed hosts, never (unless configured) to loopback, private, link-local or other non-public
 * addresses, redirects re-checked hop by hop, size and time bounded per item; decoding by the
 * {@link ImageDecoder} found on the class path ({@link ImageDecoders}), time bounded per item.
 */
public final class MediaResolver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaResolver.class);
  /** Waiting tasks per thread before the stage refuses work (the item fails, nothing queues without bound). */
  static final int QUEUE_PER_THREAD = 256;

  private final MediaConfig config;
  private final List<Path> realRoots;
  /** The roots as configured (absolute, normalised), same order: an absolute path may be written under either form. */
  private final List<Path> configuredRoots;
  private final ThreadPoolExecutor executor;
  private final HttpClient http;
  /** Null when no decoder is on the class path: image items then fail with {@link #NO_DECODER}. */
  private final ImageDecoder decoder;

  /** Reason an image fails when no {@link dev.prism.core.image.ImageDecoderProvider} is on the class path. */
  static final String NO_DECODER = "no image decoder on the class path (an ImageDecoderProvider such as prism-models' "
      + "SafeImageDecoder); images cannot be decoded";

  /** The stage under {@code config} with the decoder found on the class path under its keys in {@code config}. */
  public static MediaResolver create(dev.prism.core.config.Config config) {
    return new MediaResolver(MediaConfig.from(config), ImageDecoders.load(config));
  }

  /** With the decoder found on the class path, at its default limits. */
  public MediaResolver(MediaConfig config) {
    this(config, ImageDecoders.loadDefaults());
  }

  /** With {@code decoder}, or none when it is null (image items then fail with a reason). */
  public MediaResolver(MediaConfig config, ImageDecoder decoder) {
    this.config = config;
    this.decoder = decoder;
    List<Path> roots = new ArrayList<>();
    for (Path r : config.roots()) {
      try {
        roots.add(r.toRealPath());
      } catch (IOException e) {
        throw new IllegalArgumentException("media.path.roots: '" + r + "' is not an existing directory", e);
      }
      if (!Files.isDirectory(roots.getLast())) {
        throw new IllegalArgumentException("media.path.roots: '" + r + "' is not a directory");
      }
    }
    this.realRoots = List.copyOf(roots);
    this.configuredRoots = config.roots().stream().map(r -> r.toAbsolutePath().normalize()).toList();
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(config.threads() * QUEUE_PER_THREAD), r -> {
          Thread t = new Thread(r, "prism-media-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.executor.allowCoreThreadTimeOut(true);
    this.http = config.urlEnabled()
        ? HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofMillis(config.timeoutMillis())).build()
        : null;
  }

  public MediaConfig config() {
    return config;
  }

  /** Whether the stage has work for {@code ref}: bytes to read, fetch or decode. */
  private static boolean needsWork(MediaRef ref) {
    return ref instanceof MediaRef.LocalPath || ref instanceof MediaRef.Remote || ref instanceof MediaRef.Inline;
  }

  /**
   * Returns the items with their media resolved and decoded, in order, when {@code readsImages}
   * (the caller asks its graph: {@code graph.readsImages(requested)}); otherwise the items
   * unchanged, with nothing read, fetched or decoded. Never throws for one item: a failure becomes
   * that item's {@link MediaRef.Unavailable}. Each item has its time limit
   * ({@code media.url.timeout_ms} for a fetch, plus {@code media.decode.timeout_ms}, plus
   * {@link #GRACE_MS}) from when a media thread starts it; an item that finds no free thread within
   * ⌈items / media.threads⌉ such periods fails as "media stage busy".
   */
  public List<ContentItem> resolve(List<ContentItem> items, boolean readsImages) {
    if (!readsImages || items.stream().noneMatch(i -> needsWork(i.image()))) {
      return items;
    }
    List<Future<MediaRef>> futures = new ArrayList<>(items.size());
    List<Task> tasks = new ArrayList<>(items.size());
    int submitted = 0;
    long longest = 0;
    for (ContentItem item : items) {
      MediaRef ref = item.image();
      Task task = null;
      Future<MediaRef> future = null;
      if (needsWork(ref)) {
        task = new Task(ref);
        longest = Math.max(longest, task.limitNanos);
        try {
          future = executor.submit(task);
          submitted++;
        } catch (RejectedExecutionException e) {
          future = java.util.concurrent.CompletableFuture.completedFuture(
              new MediaRef.Unavailable(ref.describe(), "media stage overloaded, try again later"));
        }
      }
      tasks.add(task);
      futures.add(future);
    }
    // Each item's limit counts from when a media thread picks it up, not from when the batch was
    // submitted: with more items than threads most of them wait their turn, and a batch-wide
    // deadline would fail the tail of every large batch as "timed out" though no fetch was slow.
    // Waiting to start is bounded too: the time this call's items need in waves of media.threads.
    long waves = (submitted + config.threads() - 1) / Math.max(1, config.threads());
    long t0 = System.nanoTime();
    long startDeadline = t0 + longest * Math.max(1, waves);
    List<ContentItem> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Future<MediaRef> f = futures.get(i);
      if (f == null) {
        out.add(items.get(i));
        continue;
      }
      MediaRef ref = items.get(i).image();
      out.add(items.get(i).withImage(await(f, tasks.get(i), ref, t0, startDeadline)));
    }
    return out;
  }

  /** Extra time the caller waits beyond {@code media.url.timeout_ms} before it abandons an item's task. */
  static final long GRACE_MS = 1_000;

  /** A resolution and decode that records when a media thread started it. */
  private final class Task implements java.util.concurrent.Callable<MediaRef> {
    private final MediaRef ref;
    /** This item's time once started: the fetch's (URLs), the decode's, and {@link #GRACE_MS}. */
    final long limitNanos;
    private volatile long startedAt;
    private volatile boolean started;

    Task(MediaRef ref) {
      this.ref = ref;
      long ms = (ref instanceof MediaRef.Remote ? config.timeoutMillis() : 0) + config.decodeTimeoutMillis() + GRACE_MS;
      this.limitNanos = TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Override
    public MediaRef call() {
      startedAt = System.nanoTime();
      started = true;
      return decode(resolveOne(ref));
    }
  }

  /**
   * Decodes resolved bytes into pixels on the calling media thread; any other reference is
   * returned as is. The decoder's message (truncated, corrupt, over a limit) becomes the reason.
   */
  MediaRef decode(MediaRef ref) {
    if (!(ref instanceof MediaRef.Inline in)) {
      return ref;
    }
    if (decoder == null) {
      return new MediaRef.Unavailable(in.describe(), NO_DECODER);
    }
    try {
      return new MediaRef.Decoded(decoder.decode(in.bytes()), in.source());
    } catch (ImageDecodeException e) {
      return new MediaRef.Unavailable(in.describe(), e.getMessage());
    } catch (RuntimeException | Error e) {
      // The decoder's contract is to throw nothing else; one that does fails its item, not the batch.
      log.warn("image decoder failed unexpectedly on {}", in.describe(), e);
      return new MediaRef.Unavailable(in.describe(), "image decoder failed: " + e);
    }
  }

  private MediaRef await(Future<MediaRef> f, Task task, MediaRef ref, long t0, long startDeadline) {
    long perItem = task.limitNanos;
    try {
      while (true) {
        long now = System.nanoTime();
        long until = task.started ? task.startedAt + perItem : startDeadline;
        try {
          return f.get(Math.max(0, until - now), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (task.started && System.nanoTime() - task.startedAt < perItem) {
            continue; // it started while we waited for it to start: give it its own limit
          }
          f.cancel(true); // interrupts the media thread: a fetch stops, a decode aborts at its next row
          return new MediaRef.Unavailable(ref.describe(), task.started
              ? "timed out after " + (TimeUnit.NANOSECONDS.toMillis(perItem) - GRACE_MS) + " ms ("
                  + (ref instanceof MediaRef.Remote ? "media.url.timeout_ms + " : "") + "media.decode.timeout_ms)"
              : "media stage busy: no free media thread (media.threads) within "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms, try again later");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new MediaRef.Unavailable(ref.describe(), "interrupted");
    } catch (java.util.concurrent.CancellationException e) {
      return new MediaRef.Unavailable(ref.describe(), "cancelled");
    } catch (ExecutionException e) {
      log.warn("media resolution failed unexpectedly for {}", ref.describe(), e.getCause());
      return new MediaRef.Unavailable(ref.describe(), "internal error: " + e.getCause());
    }
  }

  /** Resolves one reference on the calling thread (the executor's). */
  MediaRef resolveOne(MediaRef ref) {
    return switch (ref) {
      case MediaRef.LocalPath p -> readPath(p);
      case MediaRef.Remote r -> fetch(r);
      default -> ref;
    };
  }

  // ---- paths ---------------------------------------------------------------------------------

  private MediaRef readPath(MediaRef.LocalPath ref) {
    String what = ref.describe();
    if (realRoots.isEmpty()) {
      return new MediaRef.Unavailable(what, "path media is disabled: no media.path.roots configured");
    }
    Path given;
    try {
      given = Path.of(ref.path());
    } catch (InvalidPathException e) {
      return new MediaRef.Unavailable(what, "not a valid path: " + e.getReason());
    }
    boolean insideSome = false;
    for (int i = 0; i < realRoots.size(); i++) {
      Path root = realRoots.get(i);
      Path candidate = (given.isAbsolute() ? given : root.resolve(given)).normalize();
      Path configured = configuredRoots.get(i);
      if (given.isAbsolute() && !candidate.startsWith(root) && candidate.startsWith(configured)) {
        candidate = root.resolve(configured.relativize(candidate)); // written under the root as configured (a link)
      }
      if (!candidate.startsWith(root)) {
        continue;
      }
      insideSome = true;
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path real;
      try {
        real = candidate.toRealPath();
      } catch (IOException e) {
        return new MediaRef.Unavailable(what, "cannot resolve (" + e.getClass().getSimpleName() + ")"); // no server paths in client-facing text
      }
      if (!real.startsWith(root)) {
        return new MediaRef.Unavailable(what, "leads outside the media roots through a symbolic link");
      }
      if (!Files.isRegularFile(real)) {
        return new MediaRef.Unavailable(what, "not a regular file");
      }
      try {
        long size = Files.size(real);
        if (size > config.maxBytes()) {
          return tooLarge(what, size);
        }
        try (InputStream in = Files.newInputStream(real)) {
          byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBytes() + 1));
          if (bytes.length > config.maxBytes()) {
            return tooLarge(what, bytes.length);
          }
          if (bytes.length == 0) {
            return new MediaRef.Unavailable(what, "empty file");
          }
          return new MediaRef.Inline(bytes, what);
        }
      } catch (IOException | UncheckedIOException e) {
        log.warn("media {}: cannot read", what, e);
        return new MediaRef.Unavailable(what, "cannot read (" + e.getClass().getSimpleName() + ")"); // no server paths in client-facing text
      }
    }
    return new MediaRef.Unavailable(what, insideSome ? "no such file under the media roots"
        : "outside the configured media roots (media.path.roots)");
  }

  private MediaRef tooLarge(String what, long size) {
    return new MediaRef.Unavailable(what, size + " bytes; the limit is " + config.maxBytes() + " (media.max_bytes)");
  }

  // ---- URLs ----------------------------------------------------------------------------------

  private MediaRef fetch(MediaRef.Remote ref) {
    String what = ref.describe();
    if (!config.urlEnabled()) {
      return new MediaRef.Unavailable(what, "URL media is disabled (media.url.enabled=false)");
    }
    URI url = ref.url();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis());
    for (int hop = 0; hop <= config.maxRedirects(); hop++) {
      String refusal = refusal(url);
      if (refusal != null) {
        return new MediaRef.Unavailable(what, (hop > 0 ? "redirect to " + new MediaRef.Remote(url).describe().substring(4) + ": " : "") + refusal);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new MediaRef.Unavailable(what, "timed out after " + config.timeoutMillis() + " ms");
      }
      // The whole exchange, body included, runs under the deadline: HttpRequest.timeout alone
      // covers only the wait for the response headers, so a body that drips one byte at a time
      // would hold a media thread for as long as the host likes.
      HttpResponse<BoundedBody.Result> resp;
      java.util.concurrent.CompletableFuture<HttpResponse<BoundedBody.Result>> exchange = null;
      try {
        HttpRequest req = HttpRequest.newBuilder(url).GET().timeout(Duration.ofNanos(left))
            .header("Accept", "image/*").build();
        exchange = http.sendAsync(req, info -> new BoundedBody(info.statusCode() == 200
            && info.headers().firstValueAsLong("Content-Length").orElse(-1) <= config.maxBytes()
            ? Math.min(config.maxBytes(), Integer.MAX_VALUE - 8) : -1));
        resp = exchange.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        exchange.cancel(true);
        return new MediaRef.Unavailable(what, "timed out after " + config.timeoutMillis() + " ms");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof java.net.http.HttpTimeoutException) {
          return new MediaRef.Unavailable(what, "timed out after " + config.timeoutMillis() + " ms");
        }
        return new MediaRef.Unavailable(what, "fetch failed: " + (cause.getMessage() != null ? cause.getMessage() : cause));
      } catch (InterruptedException e) {
        if (exchange != null) {
          exchange.cancel(true);
        }
        Thread.currentThread().interrupt();
        return new MediaRef.Unavailable(what, "interrupted");
      } catch (IllegalArgumentException e) {
        return new MediaRef.Unavailable(what, "bad URL: " + e.getMessage());
      }
      int status = resp.statusCode();
      if (status >= 300 && status < 400) {
        String location = resp.headers().firstValue("Location").orElse(null);
        if (location == null) {
          return new MediaRef.Unavailable(what, "HTTP " + status + " without a Location header");
        }
        try {
          url = url.resolve(location);
        } catch (IllegalArgumentException e) {
          return new MediaRef.Unavailable(what, "redirect to an invalid URL: " + location);
        }
        continue;
      }
      if (status != 200) {
        return new MediaRef.Unavailable(what, "HTTP " + status);
      }
      long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > config.maxBytes()) {
        return tooLarge(what, declared);
      }
      BoundedBody.Result body = resp.body();
      if (body.overLimit()) {
        return new MediaRef.Unavailable(what, "more than " + config.maxBytes() + " bytes (media.max_bytes)");
      }
      if (body.bytes().length == 0) {
        return new MediaRef.Unavailable(what, "empty body");
      }
      return new MediaRef.Inline(body.bytes(), what);
    }
    return new MediaRef.Unavailable(what, "more than " + config.maxRedirects() + " redirects (media.url.max_redirects)");
  }

  /** Why {@code url} may not be fetched, or null. Resolves the host to check its addresses. */
  String refusal(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "scheme '" + scheme + "' is not http or https";
    }
    String host = url.getHost();
    if (host == null) {
      return "no host";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!hostAllowed(host, config.allowedHosts())) {
      return "host '" + host + "' is not in media.url.allowed_hosts";
    }
    if (config.allowPrivateAddresses()) {
      return null;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!isPublic(a)) {
          return "host '" + host + "' resolves to the non-public address " + a.getHostAddress()
              + " (loopback, private, link-local and similar addresses are refused)";
        }
      }
    } catch (UnknownHostException e) {
      return "unknown host '" + host + "'";
    }
    return null;
  }

  static boolean hostAllowed(String host, List<String> allowed) {
    for (String a : allowed) {
      if (a.startsWith("*.") ? host.endsWith(a.substring(1)) && host.length() > a.length() - 1 : host.equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an address is a public unicast address (not loopback, private, link-local, CGNAT, ULA, ...). */
  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return !(b0 == 0 || b0 >= 240 // this network, reserved and broadcast
          || (b0 == 100 && b1 >= 64 && b1 < 128) // carrier-grade NAT 100.64/10
          || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (b0 == 198 && (b1 == 18 || b1 == 19))); // benchmarking
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) {
        return false; // unique local fc00::/7
      }
      // Forms that carry an IPv4 address, which is the one to judge: IPv4-mapped ::ffff:a.b.c.d and
      // IPv4-compatible ::a.b.c.d (Java keeps the latter as an Inet6Address), NAT64 64:ff9b::/96
      // (a NAT64 gateway forwards to the embedded address) and 6to4 2002:AABB:CCDD::/48.
      boolean zero80 = true;
      for (int i = 0; i < 10; i++) {
        zero80 &= b[i] == 0;
      }
      int w5 = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
      if (zero80 && (w5 == 0xffff || w5 == 0)) {
        return isPublicV4(b[12], b[13], b[14], b[15]);
      }
      if (b0 == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        boolean wellKnown = true; // 64:ff9b::/96; the rest of 64:ff9b::/32 (64:ff9b:1::/48, local NAT64) is not global
        for (int i = 4; i < 12; i++) {
          wellKnown &= b[i] == 0;
        }
        return wellKnown && isPublicV4(b[12], b[13], b[14], b[15]);
      }
      if (b0 == 0x20 && (b[1] & 0xff) == 0x02) {
        return isPublicV4(b[2], b[3], b[4], b[5]);
      }
    }
    return true;
  }

  private static boolean isPublicV4(byte a, byte b, byte c, byte d) {
    try {
      return isPublic(InetAddress.getByAddress(new byte[] {a, b, c, d}));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Collects a response body up to {@code limit} bytes and stops reading (cancelling the
   * exchange) beyond it; with a negative limit it reads nothing (redirects, errors, a declared
   * length over the limit), so no body is drained that would be thrown away.
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Result> {
    record Result(byte[] bytes, boolean overLimit) {}

    private final long limit;
    private final java.util.concurrent.CompletableFuture<Result> result = new java.util.concurrent.CompletableFuture<>();
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    private java.util.concurrent.Flow.Subscription subscription;

    BoundedBody(long limit) {
      this.limit = limit;
    }

    @Override
    public java.util.concurrent.CompletionStage<Result> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      if (limit < 0) {
        s.cancel();
        result.complete(new Result(new byte[0], false));
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (java.nio.ByteBuffer b : items) {
        if (buffer.size() + (long) b.remaining() > limit) {
          subscription.cancel();
          result.complete(new Result(new byte[0], true));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(new Result(buffer.toByteArray(), false));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    if (http != null) {
      http.close();
    }
  }
}
