package dev.prism.cli.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prism.cli.support.CommandGroup;
import dev.prism.label.lf.LfAnalysis;
import dev.prism.label.lf.LfApplier;
import dev.prism.label.lf.LfDataset;
import dev.prism.label.lf.LfFile;
import dev.prism.label.matrix.LabelMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism lf analyze} (prism-label's labeling functions). */
@Command(name = "lf", mixinStandardHelpOptions = true, description = "Labeling functions.",
    subcommands = {LfCommand.Analyze.class})
public final class LfCommand extends CommandGroup {

  @Command(name = "analyze", mixinStandardHelpOptions = true,
      description = "Apply declarative LFs to a CSV or JSONL file and print coverage, overlaps, conflicts, "
          + "polarity and (with a label column) empirical accuracy.")
  public static final class Analyze implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lfs", required = true, description = "LF file (JSON)")
    Path lfs;

    @Option(names = "--input", required = true, description = "items: .csv, or .jsonl / .ndjson")
    Path input;

    @Option(names = "--text-column", defaultValue = "text", description = "text column/field (default ${DEFAULT-VALUE})")
    String textColumn;

    @Option(names = "--label-column", description = "gold label column/field (class name or index)")
    String labelColumn;

    @Option(names = "--id-column", description = "item id column/field (default: row number)")
    String idColumn;

    @Option(names = "--json", description = "also write the analysis as JSON here")
    Path json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      LfFile file = LfFile.read(lfs);
      LfDataset data = LfDataset.read(input, textColumn, labelColumn, idColumn, file.labels());
      LabelMatrix l = LfApplier.apply(file.lfs(), data.inputs(), file.k());
      LfAnalysis a = LfAnalysis.of(l, file.names(), file.labels(), data.hasGold() ? data.gold() : null);
      out.print(a.table());
      if (json != null) {
        LabelModelCommand.createParent(json);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), a.toJson());
        out.println("analysis written to " + json);
      }
      out.flush();
      return 0;
    }
  }
}
