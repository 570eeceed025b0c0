package dev.prism.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as lower-case hex, the registry's one content identity. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  public static String of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** {@code value} if it is 64 lower-case hex digits, else an exception naming {@code what}. */
  public static String requireHex(String value, String what) {
    if (value == null || !HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be a SHA-256 of 64 lower-case hex digits, got '" + value + "'");
    }
    return value;
  }
}
