package dev.prism.spark.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.spark.SparkMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectedComponentsTest {
  @Test
  void componentsOfAHandDrawnGraph(@TempDir Path tmp) {
    SparkSession spark = SparkMain.session("local[2]");
    spark.sparkContext().setCheckpointDir(tmp.resolve("cp").toString());
    // a long chain g-f-e-d-c-b (its minimum at the end), a star around z with x, y; a cycle m-n-o-m;
    // a pair given twice in both directions; a self loop q-q alone
    String[][] e = {{"g", "f"}, {"f", "e"}, {"e", "d"}, {"d", "c"}, {"c", "b"},
        {"z", "x"}, {"z", "y"}, {"m", "n"}, {"n", "o"}, {"o", "m"}, {"p", "r"}, {"r", "p"}, {"p", "r"}, {"q", "q"}};
    List<Row> rows = new ArrayList<>();
    for (String[] x : e) {
      rows.add(RowFactory.create(x[0], x[1]));
    }
    Dataset<Row> edges = spark.createDataFrame(rows, new StructType().add("u", DataTypes.StringType).add("v", DataTypes.StringType));
    Map<String, String> got = new HashMap<>();
    for (Row r : ConnectedComponents.run(edges, k -> {}).collectAsList()) {
      assertThat(got.put(r.getString(0), r.getString(1))).as("one row per node: " + r).isNull();
    }
    Map<String, String> expected = new HashMap<>();
    for (String n : List.of("b", "c", "d", "e", "f", "g")) {
      expected.put(n, "b");
    }
    for (String n : List.of("x", "y", "z")) {
      expected.put(n, "x");
    }
    for (String n : List.of("m", "n", "o")) {
      expected.put(n, "m");
    }
    expected.put("p", "p");
    expected.put("r", "p");
    assertThat(got).isEqualTo(expected); // q has only a self loop: no edge, no row
    spark.stop();
  }
}
