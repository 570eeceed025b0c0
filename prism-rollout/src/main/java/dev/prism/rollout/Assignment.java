package dev.prism.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which items a rollout routes to its candidate: a salted hash of the item id, mapped to [0, 1).
 * The salt is the rollout's id, so an item gets the same version for the whole rollout (and, as
 * the percentage only grows, an item in the 1 % stays in the 10 %), while another rollout draws a
 * fresh, independent sample. SHA-256 rather than {@code String.hashCode}: ids like {@code c1},
 * {@code c2} … must not land in neighbouring buckets.
 */
public final class Assignment {
  private Assignment() {}

  /** A uniform number in [0, 1) from {@code salt} and {@code itemId}. */
  public static double unit(String salt, String itemId) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
    md.update(salt.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0); // separator: ("ab", "c") and ("a", "bc") hash differently
    byte[] h = md.digest(itemId.getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    return (bits >>> 11) * 0x1.0p-53; // the top 53 bits, exactly representable
  }

  /** Whether {@code itemId} is among the {@code percent} % of items the candidate answers. */
  public static boolean canary(String rolloutId, String itemId, double percent) {
    return percent > 0 && unit(rolloutId, itemId) * 100.0 < percent;
  }

  /** Whether the candidate also scores {@code itemId} in shadow (a differently salted draw). */
  public static boolean shadow(String salt, String itemId, double fraction) {
    return fraction > 0 && unit(salt + "/shadow", itemId) < fraction;
  }
}
