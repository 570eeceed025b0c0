package dev.prism.label.wrench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A WRENCH benchmark dataset (Zhang et al., NeurIPS 2021 Datasets and Benchmarks): a directory with
 * {@code train.json}, {@code valid.json}, {@code test.json} and optionally {@code label.json}.
 *
 * @param classNames class index → name (from label.json, else "0".."k-1")
 * @param m number of labeling functions, the same in every split
 */
public record WrenchDataset(Path dir, List<String> classNames, int m, WrenchSplit train, Optional<WrenchSplit> valid,
    Optional<WrenchSplit> test) {

  public WrenchDataset {
    classNames = List.copyOf(classNames);
  }

  public int k() {
    return classNames.size();
  }
}
