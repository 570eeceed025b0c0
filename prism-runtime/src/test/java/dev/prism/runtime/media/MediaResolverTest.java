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
  final byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

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
    return r.resolve(List.of(new ContentItem("x", "", "", "", ref, Map.of()))).getFirst().image();
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
    Files.write(root.resolve("big.bin"), new byte[100]);
    try (MediaResolver r = new MediaResolver(files(root, 50))) {
      MediaRef ok = one(r, new MediaRef.LocalPath("a/ok.png"));
      assertThat(ok).isInstanceOf(MediaRef.Inline.class);
      assertThat(((MediaRef.Inline) ok).bytes()).isEqualTo(png);
      assertThat(one(r, new MediaRef.LocalPath(root.resolve("a/ok.png").toString()))).isInstanceOf(MediaRef.Inline.class);
      assertThat(reason(one(r, new MediaRef.LocalPath("../secret.txt")))).contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/../../secret.txt")))).contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath(dir.resolve("secret.txt").toString()))))
          .contains("outside the configured media roots");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/escape.png")))).contains("symbolic link");
      assertThat(reason(one(r, new MediaRef.LocalPath("a")))).contains("not a regular file");
      assertThat(reason(one(r, new MediaRef.LocalPath("a/none.png")))).contains("no such file");
      assertThat(reason(one(r, new MediaRef.LocalPath("big.bin")))).contains("100 bytes; the limit is 50 (media.max_bytes)");
    }
    try (MediaResolver none = new MediaResolver(MediaConfig.inlineOnly())) {
      assertThat(reason(one(none, new MediaRef.LocalPath("a/ok.png")))).contains("no media.path.roots configured");
    }
  }

  @Test
  void urlsNeedToBeEnabledAllowedAndPublic() {
    try (MediaResolver off = new MediaResolver(MediaConfig.inlineOnly())) {
      assertThat(reason(one(off, new MediaRef.Remote(URI.create(base + "/img.png"))))).contains("media.url.enabled=false");
    }
    try (MediaResolver r = new MediaResolver(urls(false, 2_000, "127.0.0.1", "localhost"))) {
      assertThat(reason(one(r, new MediaRef.Remote(URI.create(base + "/img.png")))))
          .contains("non-public address 127.0.0.1");
      assertThat(reason(one(r, new MediaRef.Remote(URI.create("http://example.org/x.png")))))
          .contains("host 'example.org' is not in media.url.allowed_hosts");
    }
    try (MediaResolver r = new MediaResolver(urls(true, 2_000, "127.0.0.1"))) {
      MediaRef ok = one(r, new MediaRef.Remote(URI.create(base + "/img.png")));
      assertThat(((MediaRef.Inline) ok).bytes()).isEqualTo(png);
      assertThat(((MediaRef.Inline) one(r, new MediaRef.Remote(URI.create(base + "/to-img")))).bytes()).isEqualTo(png);
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
      List<ContentItem> out = r.resolve(items);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reason(out.get(0).image())).contains("timed out after 500 ms");
      assertThat(out.get(1).image()).isInstanceOf(MediaRef.Inline.class);
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
      List<ContentItem> out = r.resolve(items);
      for (ContentItem c : out) {
        assertThat(c.image()).as(c.id() + ": " + c.image().describe()).isInstanceOf(MediaRef.Inline.class);
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
      assertThat(one(r, new MediaRef.LocalPath(link.resolve("ok.png").toString()))).isInstanceOf(MediaRef.Inline.class);
      assertThat(one(r, new MediaRef.LocalPath(real.resolve("ok.png").toString()))).isInstanceOf(MediaRef.Inline.class);
      assertThat(one(r, new MediaRef.LocalPath("ok.png"))).isInstanceOf(MediaRef.Inline.class);
      assertThat(reason(one(r, new MediaRef.LocalPath(link.resolve("../secret.txt").toString()))))
          .contains("outside the configured media roots");
    }
  }
}
