package dev.prism.learn.data;

import java.util.Locale;

/** Which part of a training snapshot an item belongs to. {@code pool}: unlabelled candidates for labelling. */
public enum Split {
  TRAIN,
  VALID,
  TEST,
  POOL;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Split parse(String s) {
    for (Split x : values()) {
      if (x.key().equals(s)) {
        return x;
      }
    }
    throw new IllegalArgumentException("unknown split '" + s + "' (known: train, valid, test, pool)");
  }
}
