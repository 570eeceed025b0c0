package dev.prism.learn.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's positive-class scores on labelled items: the input of an evaluation.
 *
 * @param texts item texts for the flipped-examples list (empty strings when unknown)
 * @param meta per-item metadata for slicing
 */
public record Predictions(String modelName, List<String> ids, double[] scores, int[] labels, List<String> texts, List<Map<String, String>> meta) {

  public Predictions {
    ids = List.copyOf(ids);
    int n = ids.size();
    if (scores.length != n || labels.length != n) {
      throw new IllegalArgumentException("predictions of '" + modelName + "': " + n + " ids, " + scores.length + " scores, " + labels.length + " labels");
    }
    texts = texts == null || texts.isEmpty() ? java.util.Collections.nCopies(n, "") : List.copyOf(texts);
    meta = meta == null || meta.isEmpty() ? java.util.Collections.nCopies(n, Map.of()) : List.copyOf(meta);
    if (texts.size() != n || meta.size() != n) {
      throw new IllegalArgumentException("predictions of '" + modelName + "': " + n + " ids but " + texts.size() + " texts and " + meta.size() + " metadata rows");
    }
    if (new java.util.HashSet<>(ids).size() != n) {
      throw new IllegalArgumentException("predictions of '" + modelName + "' repeat an item id; ids must be unique to compare models");
    }
    scores = scores.clone();
    labels = labels.clone();
  }

  public int size() {
    return ids.size();
  }

  /**
   * These predictions' rows reordered to {@code order}'s ids. Fails with the first id that is
   * missing, or whose label differs, because comparing models on different items or labels
   * would be meaningless.
   */
  public Predictions alignedTo(Predictions order) {
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      pos.put(ids.get(i), i);
    }
    int n = order.size();
    double[] s = new double[n];
    int[] l = new int[n];
    List<String> t = new ArrayList<>(n);
    List<Map<String, String>> m = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      String id = order.ids().get(j);
      Integer i = pos.get(id);
      if (i == null) {
        throw new IllegalArgumentException("model '" + modelName + "' has no prediction for item '" + id + "' that model '" + order.modelName() + "' was evaluated on");
      }
      if (labels[i] != order.labels()[j]) {
        throw new IllegalArgumentException("item '" + id + "' has label " + labels[i] + " for model '" + modelName + "' but " + order.labels()[j] + " for '" + order.modelName() + "'");
      }
      s[j] = scores[i];
      l[j] = labels[i];
      t.add(texts.get(i));
      m.add(meta.get(i));
    }
    return new Predictions(modelName, order.ids(), s, l, t, m);
  }
}
