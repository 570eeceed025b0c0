package dev.prism.models.convert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The files of an npm package tarball ({@code .tgz}: gzip over ustar, entries under {@code package/}),
 * read in memory after checking the tarball against the registry's {@code dist.integrity}
 * (Subresource-Integrity form, {@code sha512-BASE64}).
 */
public final class NpmTarball {
  private static final int BLOCK = 512;

  private final Map<String, byte[]> files;

  private NpmTarball(Map<String, byte[]> files) {
    this.files = files;
  }

  /**
   * Reads {@code tgz} after verifying it.
   *
   * @param integrity the registry's {@code dist.integrity}, e.g. {@code sha512-krC1...}
   * @throws IllegalArgumentException when the bytes do not match {@code integrity}
   */
  public static NpmTarball read(byte[] tgz, String integrity) {
    verify(tgz, integrity);
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
      byte[] header = new byte[BLOCK];
      while (in.readNBytes(header, 0, BLOCK) == BLOCK && header[0] != 0) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
          throw new IllegalArgumentException("npm tarball is truncated inside entry " + name);
        }
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(pad);
        if (type == '0' || type == 0) {
          files.put(prefix.isEmpty() ? name : prefix + "/" + name, data);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read npm tarball", e);
    }
    return new NpmTarball(files);
  }

  /** Checks {@code bytes} against an SRI string ({@code sha512-…}, {@code sha256-…} or {@code sha1-…}). */
  public static void verify(byte[] bytes, String integrity) {
    int dash = integrity.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("integrity must look like sha512-BASE64, got '" + integrity + "'");
    }
    String algorithm = switch (integrity.substring(0, dash)) {
      case "sha512" -> "SHA-512";
      case "sha384" -> "SHA-384";
      case "sha256" -> "SHA-256";
      case "sha1" -> "SHA-1";
      default -> throw new IllegalArgumentException("unsupported integrity algorithm in '" + integrity + "'");
    };
    try {
      String actual = Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
      if (!actual.equals(integrity.substring(dash + 1))) {
        throw new IllegalArgumentException("npm tarball does not match its pinned integrity: expected " + integrity
            + ", got " + integrity.substring(0, dash) + "-" + actual);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes of {@code path} (e.g. {@code package/dist/models/mobilenet_v2/model.min.js}). */
  public byte[] file(String path) {
    byte[] b = files.get(path);
    if (b == null) {
      throw new IllegalArgumentException("npm tarball has no file " + path);
    }
    return b;
  }

  public String text(String path) {
    return new String(file(path), StandardCharsets.UTF_8);
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
