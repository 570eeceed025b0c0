package dev.prism.label.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.label.model.ProbabilisticLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbabilisticLabelsFileTest {
  @TempDir Path dir;

  @Test
  void oneJsonObjectPerItemInRowOrder() throws Exception {
    Path file = dir.resolve("out/nested/proba.jsonl");
    ProbabilisticLabelsFile.write(file, List.of("7", "x"), new ProbabilisticLabels(2, 2, new double[] {0.25, 0.75, 1.0, 0.0}));
    assertThat(Files.readAllLines(file)).containsExactly("{\"id\":\"7\",\"probs\":[0.25,0.75]}", "{\"id\":\"x\",\"probs\":[1.0,0.0]}");
    assertThatThrownBy(() -> ProbabilisticLabelsFile.write(file, List.of("7"), new ProbabilisticLabels(2, 2, new double[4])))
        .hasMessage("1 ids for 2 rows of probabilistic labels");
  }
}
