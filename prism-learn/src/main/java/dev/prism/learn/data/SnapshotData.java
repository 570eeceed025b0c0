package dev.prism.learn.data;

import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.model.TrainingData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Turns snapshot items into {@link TrainingData} through the shared {@link FeatureAssembler}. */
public final class SnapshotData {
  private SnapshotData() {}

  /** Items of one split, in file order. */
  public static List<SnapshotItem> split(List<SnapshotItem> items, Split split) {
    return items.stream().filter(i -> i.split() == split).toList();
  }

  /**
   * Resolves a written label to a class index: a class name from {@code classes}, else a decimal
   * index in [0, k).
   */
  public static int resolveLabel(String raw, List<String> classes) {
    int byName = classes.indexOf(raw);
    if (byName >= 0) {
      return byName;
    }
    try {
      int idx = Integer.parseInt(raw);
      if (idx >= 0 && idx < classes.size()) {
        return idx;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("unknown label value '" + raw + "' (classes: " + classes + ", or an index 0.." + (classes.size() - 1) + ")");
  }

  /** The hard label's class index, when the item has one. */
  public static Optional<Integer> hardLabel(SnapshotItem item, List<String> classes) {
    return item.label().map(l -> {
      try {
        return resolveLabel(l, classes);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("item '" + item.id() + "': " + e.getMessage(), e);
      }
    });
  }

  /**
   * The items usable under {@code mode} as training data; items without the needed label are
   * left out. Feature assembly errors name the item.
   */
  public static TrainingData toTrainingData(List<SnapshotItem> items, FeatureAssembler assembler, List<String> classes, LabelMode mode) {
    int k = classes.size();
    List<String> ids = new ArrayList<>();
    List<double[]> xs = new ArrayList<>();
    List<double[]> ts = new ArrayList<>();
    for (SnapshotItem item : items) {
      double[] target = target(item, classes, mode).orElse(null);
      if (target == null) {
        continue;
      }
      if (target.length != k) {
        throw new IllegalArgumentException("item '" + item.id() + "': soft_label has " + target.length + " classes but the head has " + k + " " + classes);
      }
      ids.add(item.id());
      xs.add(features(item, assembler));
      ts.add(target);
    }
    return new TrainingData(ids, xs.toArray(new double[0][]), ts.toArray(new double[0][]));
  }

  public static double[] features(SnapshotItem item, FeatureAssembler assembler) {
    try {
      return assembler.assemble(item.features());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item '" + item.id() + "': " + e.getMessage(), e);
    }
  }

  static Optional<double[]> target(SnapshotItem item, List<String> classes, LabelMode mode) {
    return switch (mode) {
      case HARD -> hardLabel(item, classes).map(l -> oneHot(l, classes.size()));
      case SOFT -> item.softLabel();
      case SOFT_ARGMAX -> item.softLabel().flatMap(SnapshotData::uniqueArgmax).map(l -> oneHot(l, classes.size()));
      case AUTO -> item.softLabel().isPresent() ? item.softLabel() : hardLabel(item, classes).map(l -> oneHot(l, classes.size()));
    };
  }

  private static Optional<Integer> uniqueArgmax(double[] p) {
    int best = dev.prism.learn.model.MathUtil.argmax(p);
    for (int j = 0; j < p.length; j++) {
      if (j != best && p[j] == p[best]) {
        return Optional.empty();
      }
    }
    return Optional.of(best);
  }

  private static double[] oneHot(int label, int k) {
    double[] t = new double[k];
    t[label] = 1;
    return t;
  }

  /**
   * SHA-256 over the training data, in row order: per row the id's UTF-8 bytes, a 0 byte, then
   * every feature and every target as IEEE-754 doubles (big-endian). Any change to an item, a
   * feature value, a label or the row order changes the hash.
   */
  public static String sha256(TrainingData data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(8);
      for (int i = 0; i < data.size(); i++) {
        md.update(data.ids().get(i).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        for (double v : data.x()[i]) {
          buf.clear();
          md.update(buf.putDouble(v).array());
        }
        for (double v : data.targets()[i]) {
          buf.clear();
          md.update(buf.putDouble(v).array());
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
