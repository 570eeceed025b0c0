package dev.prism.cli.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prism.cli.support.ExitCodes;
import dev.prism.label.agreement.GoldPolicy;
import dev.prism.store.agreement.AgreementAnalyzer;
import dev.prism.store.agreement.AgreementReport;
import dev.prism.store.db.MetadataDb;
import dev.prism.store.label.LabelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code prism labels agreement}: inter-annotator agreement and gold labels of a task. */
@Command(name = "agreement", mixinStandardHelpOptions = true,
    description = "Agreement among a task's HUMAN annotators: Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha, "
        + "and a gold label per item resolved by --policy.")
public final class AgreementCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DbOption db;

  @Option(names = "--task", required = true, paramLabel = "NAME", description = "labeling task")
  String task;

  @Option(names = "--policy", defaultValue = "MAJORITY",
      description = "gold policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; ties stay unresolved)")
  GoldPolicy policy;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the report, with every gold label, as JSON")
  Path json;

  @Override
  public Integer call() throws IOException {
    AgreementReport report;
    try (MetadataDb metadata = db.open()) {
      report = new AgreementAnalyzer(new LabelStore(metadata)).analyze(task, policy);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.toTable());
    if (json != null) {
      Files.createDirectories(json.toAbsolutePath().getParent());
      try {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
      } catch (IOException e) {
        throw new IOException("cannot write " + json + ": " + e.getMessage(), e);
      }
      out.println("wrote " + json);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
