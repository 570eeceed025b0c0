package dev.prism.runtime.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media stage's rules, against a real file system and a real HTTP server on loopback. */
class MediaResolverTest {
  @TempDir Path dir;
  HttpServer http;
  String base;
  /** A real 5x4 PNG (written by the JDK), so that resolved media also decode. */
  final byte[] png = tinyPng();

  static byte[] tinyPng() {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        img.setRGB(x, y, (x * 50) << 16 | (y * 60) << 8 | 200);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "png", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The pixels of {@link #tinyPng}, written out: (x * 50, y * 60, 200). */
  static void assertTinyPng(MediaRef ref) {
    assertThat(ref).as(ref.describe()).isInstanceOf(MediaRef.Decoded.class);
    dev.prism.core.image.DecodedImage d = ((MediaRef.Decoded) ref).image();
    assertThat(d.format()).isEqualTo("png");
    assertThat(d.width()).isEqualTo(5);
    assertThat(d.height()).isEqualTo(4);
    assertThat(d.pixels().sample(4, 3, 0)).isEqualTo(200);
    assertThat(d.pixels().sample(4, 3, 1)).isEqualTo(180);
    assertThat(d.pixels().sample(4, 3, 2)).isEqualTo(200);
  }

  @BeforeEach
  void startServer() throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/img.png", ex -> {
      ex.sendResponseHeaders(200, png.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(png);
      }
    });
    http.createContext("/big", ex -> {
      ex.sendResponseHeaders(200, 0); // chunked, no Content-Length: the limit must hold while reading
      try (OutputStream o = ex.getResponseBody()) {
        o.write(new byte[5000]);
      } catch (java.io.IOException closedByClient) {
        // the resolver stops reading at the limit
      }
    });
    http.createContext("/to-evil", ex -> {
      ex.getResponseHeaders().add("Location", "http://evil.example/x.png");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    http.createContext("/to-img", ex -> {
      ex.getResponseHeaders().add("Location", "/img.png");
      ex.sendResponseHeaders(301, -1);
      ex.close();
    });
    http.createContext("/loop", ex -> {
      ex.getResponseHeaders().add("Location", "/loop");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    http.createContext("/slow", ex -> {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, png.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(png);
      } catch (java.io.IOException gone) {
        // client gave up
      }
    });
    http.createContext("/quick", ex -> { // well within any time limit, but not instant
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, png.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(png);
      }
    });
    http.createContext("/drip", ex -> { // headers at once, then one byte every 100 ms for 4 s
      ex.sendResponseHeaders(200, 0);
      try (OutputStream o = ex.getResponseBody()) {
        for (int k = 0; k < 40; k++) {
          o.write(k);
          o.flush();
          Thread.sleep(100);
        }
      } catch (java.io.IOException | InterruptedException gone) {
        // client gave up
      }
    });
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a stalled handler must not block the others
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  MediaConfig files(Path root, long maxBytes) {
    return new MediaConfig(List.of(root), maxBytes, false, List.of(), 2_000, false, 3, 2);
  }

  MediaConfig urls(boolean allowPrivate, int timeoutMs, String... hosts) {
    return new MediaConfig(List.of(), 1_000, true, List.of(hosts), timeoutMs, allowPrivate, 3, 2);
  }

  static MediaRef one(MediaResolver r, MediaRef ref) {
    return r.resolve(List.of(new ContentItem("x", "", "", "", ref, Map.of())), true).getFirst().image();
  }

  static String reason(MediaRef ref) {
    assertThat(ref).isInstanceOf(MediaRef.Unavailable.class);
    return ((MediaRef.Unavailable) ref).reason();
  }

  @Test
  void pathsAreReadOnlyInsideTheRoots() throws Exception {
    Path root = Files.createDirectories(dir.resolve("media"));
    Files.createDirectories(root.resolve("a"));
    Files.write(root.resolve("a/ok.png"), png);
    Files.writeString(dir.resolve("secret.txt"), "password");
    Files.createSymbolicLink(root.resolve("a/escape.png"), dir.resolve("secret.txt"));
    Files.write(root.resolve("big.bin"), new byte[2_000]);
    try (MediaResolver r = new MediaResolver(files(root, 1_000))) {
      assertTinyPng(one(r, new MediaRef.LocalPath("a/ok.png")));
      assertThat(one(r, new MediaRef.LocalPath(root.resolve("a/ok.png").toString()))).isInstanceOf(MediaRef.Decoded.class);
      assertThat(reason(one(r, new MediaRef.LocalPath("../secret.txt")))).contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/../../secret.txt")))).contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath(dir.resolve("secret.txt").toString()))))
          .contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/escape.png")))).contains("symbolic link");
      assertThat(reason(one(r, new MediaRef.LocalPath("a")))).contains("not a regular file");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/none.png")))).contains("no such file");
      assertThat(reason(one(r, new MediaRef.LocalPath("big.bin")))).contains("2000 bytes; the limit is 1000 (media.max_bytes)");
    }
    try (MediaResolver none = new MediaResolver(MediaConfig.inlineOnly())) {
      assertThat(reason(one(none, new MediaRef.LocalPath("a/ok.png")))).contains("no media.path.roots configured");
    }
  }

  @Test
  void urlsNeedToBeEnabledAllowedAndPublic() {
    try (MediaResolver off = new MediaResolver(MediaConfig.inlineOnly())) {
      assertThat(reason(one(off, new MediaRef.Remote(URI.create(base + "/img.png"))))).contains("media.url.enabled=false");
      MediaRef.Unavailable secret = (MediaRef.Unavailable) one(off,
          new MediaRef.Remote(URI.create("http://user:s3cret@cdn.example.com/a.png")));
      assertThat(secret.describe()).contains("cdn.example.com/a.png").doesNotContain("s3cret").doesNotContain("user");
    }
    try (MediaResolver r = new MediaResolver(urls(false, 2_000, "127.0.0.1", "localhost"))) {
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/img.png")))))
          .contains("non-public address 127.0.0.1");
      assertThat(reason(one(r, new MediaRef.Remote(URI.create("http://example.org/x.png")))))
          .contains("host 'example.org' is not in media.url.allowed_hosts");
    }
    try (MediaResolver r = new MediaResolver(urls(true, 2_000, "127.0.0.1"))) {
      assertTinyPng(one(r, new MediaRef.Remote(URI.create(base + "/img.png"))));
      assertTinyPng(one(r, new MediaRef.Remote(URI.create(base + "/to-img"))));
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/to-evil")))))
          .contains("redirect to http://evil.example/x.png: host 'evil.example' is not in media.url.allowed_hosts");
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/loop"))))).contains("more than 3 redirects");
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/big"))))).contains("(media.max_bytes)");
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/missing"))))).isEqualTo("HTTP 404");
    }
  }

  @Test
  void aSlowHostCostsOnlyItsOwnItemAndOnlyTheTimeLimit() {
    try (MediaResolver r = new MediaResolver(urls(true, 500, "127.0.0.1"))) {
      List<ContentItem> items = new ArrayList<>();
      items.add(new ContentItem("slow", "", "", "", new MediaRef.Remote(URI.create(base + "/slow")), Map.of()));
      items.add(new ContentItem("fast", "", "", "", new MediaRef.Remote(URI.create(base + "/img.png")), Map.of()));
      items.add(ContentItem.ofText("text", "no media"));
      long t0 = System.nanoTime();
      List<ContentItem> out = r.resolve(items, true);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reason(out.get(0).image())).contains("timed out after 500 ms");
      assertTinyPng(out.get(1).image());
      assertThat(out.get(2).image()).isEqualTo(MediaRef.NONE);
      assertThat(ms).as("waited %d ms", ms).isLessThan(2_900); // far below the host's 3 s stall
    }
  }

  @Test
  void nonPublicAddressesAreRecognised() throws Exception {
    for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "224.0.0.1")) {
      assertThat(MediaResolver.isPublic(InetAddress.getByName(a))).as(a).isFalse();
    }
    for (String a : List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111")) {
      assertThat(MediaResolver.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }
    assertThat(MediaResolver.hostAllowed("img.cdn.example.com", List.of("*.example.com"))).isTrue();
    assertThat(MediaResolver.hostAllowed("example.com", List.of("*.example.com"))).isFalse();
    assertThat(MediaResolver.hostAllowed("evilexample.com", List.of("*.example.com"))).isFalse();
  }

  @Test
  void itemsQueuedBehindOthersGetTheirOwnTimeLimitNotWhatIsLeftOfTheBatchs() {
    // 20 fetches of 150 ms each on one thread: each is far inside its 500 ms limit, the batch takes 3 s.
    try (MediaResolver r = new MediaResolver(new MediaConfig(List.of(), 1_000, true, List.of("127.0.0.1"), 500, true, 3, 1))) {
      List<ContentItem> items = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        items.add(new ContentItem("i" + k, "", "", "", new MediaRef.Remote(URI.create(base + "/quick")), Map.of()));
      }
      List<ContentItem> out = r.resolve(items, true);
      for (ContentItem c : out) {
        assertThat(c.image()).as(c.id() + ": " + c.image().describe()).isInstanceOf(MediaRef.Decoded.class);
      }
    }
  }

  @Test
  void aBodyThatDripsSlowlyIsCutAtTheDeadline() {
    // The headers come at once; the 40-byte body takes 4 s. The fetch's deadline covers the body too.
    try (MediaResolver r = new MediaResolver(urls(true, 500, "127.0.0.1"))) {
      long t0 = System.nanoTime();
      MediaRef got = r.resolveOne(new MediaRef.Remote(URI.create(base + "/drip")));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reason(got)).contains("timed out after 500 ms");
      assertThat(ms).as("took %d ms", ms).isLessThan(1_500);
    }
  }

  @Test
  void ipv6FormsThatCarryANonPublicIpv4AddressAreRefused() throws Exception {
    // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96, RFC 6052; a NAT64 gateway forwards it to the
    // embedded IPv4 address) and 6to4 (2002:AABB:CCDD::/48) forms of loopback, private and metadata
    // addresses. Java keeps these as Inet6Address, so the IPv4 checks never saw them.
    for (String a : List.of("::127.0.0.1", "::10.0.0.1", "64:ff9b::169.254.169.254", "64:ff9b::10.0.0.1",
        "64:ff9b:1::a00:1", "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::")) {
      assertThat(MediaResolver.isPublic(InetAddress.getByName(a))).as(a).isFalse();
    }
    for (String a : List.of("64:ff9b::8.8.8.8", "2002:808:808::1")) { // public IPv4 inside: still public
      assertThat(MediaResolver.isPublic(InetAddress.getByName(a))).as(a).isTrue();
    }
  }

  @Test
  void allowedHostsThatCanNeverMatchAreRefusedAtStartUp() {
    // A URL, a port or a path in the list used to allow nothing, silently: every fetch failed later
    // with "not in media.url.allowed_hosts" while the list seemed to name the host.
    for (String bad : List.of("https://cdn.example.com", "cdn.example.com:443", "cdn.example.com/img", "*example.com",
        "cdn.*.com", "user@cdn.example.com")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> urls(false, 1_000, "ok.example.com", bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("media.url.allowed_hosts").hasMessageContaining("'" + bad + "'");
    }
    // An IPv6 literal may be written with brackets, as in a URL; the resolver compares it without.
    MediaConfig v6 = urls(true, 1_000, "[::1]", " IMG.Example.COM ", "*.cdn.example.com", "10.0.0.7");
    assertThat(v6.allowedHosts()).containsExactly("::1", "img.example.com", "*.cdn.example.com", "10.0.0.7");
    try (MediaResolver r = new MediaResolver(v6)) {
      assertThat(r.refusal(URI.create("http://[::1]:8080/x.png"))).isNull();
    }
  }

  @Test
  void absolutePathsUnderARootConfiguredThroughASymbolicLinkAreInside() throws Exception {
    // media.path.roots=/data/media where /data/media is a link to the real directory (a mount, a
    // release directory): an absolute path written as the root is configured lies inside it.
    Path real = Files.createDirectories(dir.resolve("real-media"));
    Files.write(real.resolve("ok.png"), png);
    Path link = Files.createSymbolicLink(dir.resolve("media"), real);
    Files.writeString(dir.resolve("secret.txt"), "password");
    try (MediaResolver r = new MediaResolver(files(link, 1_000))) {
      assertThat(one(r, new MediaRef.LocalPath(link.resolve("ok.png").toString()))).isInstanceOf(MediaRef.Decoded.class);
      assertThat(one(r, new MediaRef.LocalPath(real.resolve("ok.png").toString()))).isInstanceOf(MediaRef.Decoded.class);
      assertThat(one(r, new MediaRef.LocalPath("ok.png"))).isInstanceOf(MediaRef.Decoded.class);
      assertThat(reason(one(r, new MediaRef.LocalPath(link.resolve("../secret.txt").toString()))))
          .contains("outside the configured media roots");
    }
  }

  // ---- decoding ------------------------------------------------------------------------------

  static ContentItem item(String id, MediaRef ref) {
    return new ContentItem(id, "text " + id, "", "", ref, Map.of());
  }

  @Test
  void aRunThatReadsNoImageLeavesMediaAloneAndReadsNothing() throws Exception {
    Path root = Files.createDirectories(dir.resolve("media"));
    Files.write(root.resolve("ok.png"), png);
    try (MediaResolver r = new MediaResolver(files(root, 1_000))) {
      List<ContentItem> items = List.of(item("a", new MediaRef.LocalPath("ok.png")),
          item("b", new MediaRef.LocalPath("../../etc/passwd")), item("c", new MediaRef.Inline(new byte[] {1, 2}, null)),
          item("d", new MediaRef.Remote(URI.create(base + "/img.png"))));
      assertThat(r.resolve(items, false)).isSameAs(items); // not even copied: nothing read, fetched or decoded
    }
  }

  @Test
  void inlineBytesAreDecodedOnMediaThreadsAndFailuresCarryTheDecodersReason() throws Exception {
    dev.prism.core.image.ImageDecoder real = ImageDecoders.loadDefaults();
    assertThat(real).as("prism-models' decoder is found with the ServiceLoader").isNotNull();
    List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
    dev.prism.core.image.ImageDecoder recording = bytes -> {
      threads.add(Thread.currentThread().getName());
      return real.decode(bytes);
    };
    byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
    try (MediaResolver r = new MediaResolver(MediaConfig.inlineOnly(), recording)) {
      List<ContentItem> out = r.resolve(List.of(item("ok", new MediaRef.Inline(png, null)),
          item("cut", new MediaRef.Inline(cut, null)), item("html", new MediaRef.Inline("<html>".getBytes(), null)),
          item("none", MediaRef.NONE)), true);
      assertTinyPng(out.get(0).image());
      assertThat(((MediaRef.Unavailable) out.get(1).image()).what()).isEqualTo("inline (" + cut.length + " bytes)");
      assertThat(reason(out.get(1).image())).startsWith("truncated PNG: the file ends after " + cut.length + " bytes");
      assertThat(reason(out.get(2).image())).isEqualTo("not a supported image: HTML document, not an image; "
          + "supported are JPEG, PNG, GIF, WebP and BMP");
      assertThat(out.get(3).image()).isEqualTo(MediaRef.NONE);
    }
    assertThat(threads).hasSize(3).allMatch(t -> t.startsWith("prism-media-"), "a media stage thread");
  }

  @Test
  void withoutADecoderImageItemsFailWithAClearReason() {
    try (MediaResolver r = new MediaResolver(MediaConfig.inlineOnly(), null)) {
      MediaRef got = one(r, new MediaRef.Inline(png, null));
      assertThat(reason(got)).isEqualTo(MediaResolver.NO_DECODER).contains("no image decoder on the class path");
    }
  }

  @Test
  void aDecodeThatOutlivesItsTimeLimitIsInterruptedAndFailsOnlyItsItem() {
    java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
    dev.prism.core.image.ImageDecoder real = ImageDecoders.loadDefaults();
    dev.prism.core.image.ImageDecoder stalling = bytes -> {
      if (bytes.length != png.length) {
        try {
          Thread.sleep(30_000); // a codec crawling through a hostile file
        } catch (InterruptedException e) {
          interrupted.set(true);
          throw new dev.prism.core.image.ImageDecodeException("interrupted");
        }
      }
      return real.decode(bytes);
    };
    MediaConfig c = new MediaConfig(List.of(), 1_000, false, List.of(), 500, false, 3, 2, 300);
    try (MediaResolver r = new MediaResolver(c, stalling)) {
      long t0 = System.nanoTime();
      List<ContentItem> out = r.resolve(List.of(item("slow", new MediaRef.Inline(new byte[] {9}, null)),
          item("ok", new MediaRef.Inline(png, null))), true);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reason(out.get(0).image())).isEqualTo("timed out after 300 ms (media.decode.timeout_ms)");
      assertTinyPng(out.get(1).image());
      assertThat(ms).as("waited %d ms", ms).isLessThan(3_000); // 300 ms + 1 s grace, far below the 30 s stall
    }
    long until = System.nanoTime() + 2_000_000_000L;
    while (!interrupted.get() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(interrupted).as("the media thread was interrupted, not left decoding").isTrue();
  }
}
