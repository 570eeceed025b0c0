package dev.prism.runtime.media;

import dev.prism.core.config.Config;
import dev.prism.core.config.ConfigKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Configuration of the media stage. Safe by default: paths are refused until roots are configured,
 * URLs until fetching is enabled with an allow-list.
 */
public record MediaConfig(
    List<Path> roots, long maxBytes, boolean urlEnabled, List<String> allowedHosts, int timeoutMillis,
    boolean allowPrivateAddresses, int maxRedirects, int threads, int decodeTimeoutMillis) {

  /** Largest media file (encoded bytes) read, fetched or decoded from base64: 20 MiB. */
  public static final long DEFAULT_MAX_BYTES = 20L << 20;
  /** Per-item time limit for a URL fetch (connect + transfer). */
  public static final int DEFAULT_TIMEOUT_MS = 5_000;
  /** Threads of the media stage's own executor (I/O bound; never the model workers). */
  public static final int DEFAULT_THREADS = 8;
  /**
   * Per-item time limit for decoding an image: a 10000 x 10000 JPEG (at the decoder's default
   * pixel limit) took 1.6 s on this project's loaded 2-core machine; ten seconds leaves room for a
   * busier machine while a file built to make the codec crawl (thousands of progressive scans)
   * still fails its item.
   */
  public static final int DEFAULT_DECODE_TIMEOUT_MS = 10_000;

  public static final ConfigKey<String> ROOTS = ConfigKey.stringKey("media.path.roots", "",
      "Directories under which items may name media by path ({\"path\": ...}), comma-separated. A path is resolved "
          + "against each root in turn and must stay inside it after normalisation and symbolic links; absolute paths "
          + "must lie inside a root. Default: none, so path references are refused (a client of the HTTP API must not "
          + "read the server's files).");
  public static final ConfigKey<Long> MAX_BYTES = ConfigKey.longKey("media.max_bytes", DEFAULT_MAX_BYTES, 1, 1L << 31,
      "Largest media payload in bytes, whether inline base64, a file or a download; larger media fail their item.");
  public static final ConfigKey<String> URL_ENABLED = ConfigKey.enumKey("media.url.enabled", "false",
      List.of("true", "false"), "Whether items may name media by URL ({\"url\": ...}). Default false.");
  public static final ConfigKey<String> ALLOWED_HOSTS = ConfigKey.stringKey("media.url.allowed_hosts", "",
      "Hosts URL media may come from, comma-separated; '*.example.com' allows subdomains. Required when URLs are "
          + "enabled; an empty list allows none.");
  public static final ConfigKey<Integer> TIMEOUT_MS = ConfigKey.intKey("media.url.timeout_ms", DEFAULT_TIMEOUT_MS,
      100, 120_000, "Time limit in milliseconds for fetching one URL, connection and body together.");
  public static final ConfigKey<String> ALLOW_PRIVATE = ConfigKey.enumKey("media.url.allow_private_addresses", "false",
      List.of("true", "false"), "Whether URL media may resolve to loopback, private, link-local or other "
          + "non-public addresses (also checked on every redirect). Keep false in production; tests set it.");
  public static final ConfigKey<Integer> MAX_REDIRECTS = ConfigKey.intKey("media.url.max_redirects", 3, 0, 10,
      "Redirects followed for URL media; each target is checked against the allow-list and address rules again.");
  public static final ConfigKey<Integer> THREADS = ConfigKey.intKey("media.threads", DEFAULT_THREADS, 1, 256,
      "Threads resolving media (file reads, downloads) and decoding images before the graph runs; separate from "
          + "model workers.");
  public static final ConfigKey<Integer> DECODE_TIMEOUT_MS = ConfigKey.intKey("media.decode.timeout_ms",
      DEFAULT_DECODE_TIMEOUT_MS, 100, 600_000, "Time limit in milliseconds for decoding one image on the media "
          + "stage (added to media.url.timeout_ms for a URL); past it the decode is interrupted and the item's image "
          + "fails. Only runs that compute an image signal decode.");

  public static final List<ConfigKey<?>> KEYS = List.of(ROOTS, MAX_BYTES, URL_ENABLED, ALLOWED_HOSTS, TIMEOUT_MS,
      ALLOW_PRIVATE, MAX_REDIRECTS, THREADS, DECODE_TIMEOUT_MS);

  /** With the default decode time limit. */
  public MediaConfig(List<Path> roots, long maxBytes, boolean urlEnabled, List<String> allowedHosts, int timeoutMillis,
      boolean allowPrivateAddresses, int maxRedirects, int threads) {
    this(roots, maxBytes, urlEnabled, allowedHosts, timeoutMillis, allowPrivateAddresses, maxRedirects, threads,
        DEFAULT_DECODE_TIMEOUT_MS);
  }

  public MediaConfig {
    if (decodeTimeoutMillis < 1) {
      throw new IllegalArgumentException("media.decode.timeout_ms must be >= 1, got " + decodeTimeoutMillis);
    }
    roots = List.copyOf(roots);
    allowedHosts = allowedHosts.stream().map(MediaConfig::allowedHost).filter(h -> !h.isEmpty()).toList();
    if (maxBytes < 1) {
      throw new IllegalArgumentException("media.max_bytes must be >= 1, got " + maxBytes);
    }
    if (urlEnabled && allowedHosts.isEmpty()) {
      throw new IllegalArgumentException("media.url.enabled is true but media.url.allowed_hosts is empty: "
          + "name the hosts media may come from");
    }
  }

  /** A host name, optionally {@code *.}-prefixed, an IPv4 address, or an IPv6 address (brackets optional). */
  private static final Pattern HOST_ENTRY = Pattern.compile(
      "(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[0-9a-f:.]*:[0-9a-f:.]*");

  /**
   * One {@code media.url.allowed_hosts} entry, normalised as the resolver compares hosts (lower
   * case, IPv6 without brackets). An entry that no URL host can equal (a URL, a port, a path) is
   * refused here: it would otherwise allow nothing without saying so.
   */
  private static String allowedHost(String entry) {
    String h = entry.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!h.isEmpty() && !HOST_ENTRY.matcher(h).matches()) {
      throw new IllegalArgumentException("media.url.allowed_hosts: '" + entry.strip() + "' is not a host name "
          + "(write the host only, e.g. cdn.example.com or *.example.com; no scheme, port or path)");
    }
    return h;
  }

  public static MediaConfig from(Config c) {
    List<Path> roots = new ArrayList<>();
    for (String r : c.get(ROOTS).split(",")) {
      if (!r.isBlank()) {
        roots.add(Path.of(r.strip()));
      }
    }
    return new MediaConfig(roots, c.get(MAX_BYTES), Boolean.parseBoolean(c.get(URL_ENABLED)),
        List.of(c.get(ALLOWED_HOSTS).split(",")), c.get(TIMEOUT_MS), Boolean.parseBoolean(c.get(ALLOW_PRIVATE)),
        c.get(MAX_REDIRECTS), c.get(THREADS), c.get(DECODE_TIMEOUT_MS));
  }

  /** Nothing but inline media (no roots, no URLs): the default. */
  public static MediaConfig inlineOnly() {
    return new MediaConfig(List.of(), DEFAULT_MAX_BYTES, false, List.of(), DEFAULT_TIMEOUT_MS, false, 3, 2);
  }
}
