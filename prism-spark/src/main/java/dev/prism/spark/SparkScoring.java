package dev.prism.spark;

import dev.prism.core.config.Config;
import dev.prism.core.signal.SignalSpec;
import dev.prism.runtime.item.ItemMapping;
import dev.prism.spark.neardup.SignalScoring;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/** {@link SignalScoring} by {@link SparkScoreJob}: what {@code prism spark dedup} scores a non-Parquet input with. */
public final class SparkScoring implements SignalScoring {
  /** Items per graph batch inside a partition, as {@code prism spark score}'s default. */
  private static final int BATCH_SIZE = 256;

  private final SparkSession spark;
  private final Config config;

  public SparkScoring(SparkSession spark, Config config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String column(SignalSpec spec) {
    return SparkSchema.column(spec);
  }

  @Override
  public String rowErrorColumn() {
    return SparkSchema.ROW_ERROR;
  }

  @Override
  public Scored score(String input, String inputFormat, String outDir, ItemMapping mapping, String signal) throws IOException {
    SparkScoreJob.Summary s = new SparkScoreJob(spark, config).run(new SparkScoreJob.Request(input, inputFormat, outDir,
        mapping, List.of(signal), BATCH_SIZE, "overwrite", 0));
    return new Scored(s.scored(), s.badRows(), s.seconds());
  }
}
