package dev.prism.cli;

import dev.prism.models.text.langid.LangIdEvaluation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "langid", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Evaluate language identification on the bundled labelled short texts (datasets/langid_short_texts: 27 "
            + "languages, single words, word pairs and sentences): accuracy per length bucket and per language, "
            + "coverage, expected calibration error, throughput per core, heap cost.",
        "",
        "Detectors: lang1 (lang@1, OpenNLP), lang2 (lang@2, Lingua high accuracy, the default), lang2-low "
            + "(lang@2 with models.lang2.accuracy=low). Each is built, measured and closed in turn. lang@2's "
            + "calibration and abstention threshold were fitted on the calibration split; report the evaluation split.",
        "",
        "Example: prism langid lang1 lang2 --every 4 --out out/langid.md"})
final class LangIdCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DETECTOR", arity = "0..*", description = "lang1, lang2, lang2-low (default: lang1 lang2).")
  List<String> detectors = new ArrayList<>();

  @Option(names = "--corpus", paramLabel = "DIR", description = "Corpus directory (default: datasets/langid_short_texts).")
  Path corpus;

  @Option(names = "--split", defaultValue = "evaluation", paramLabel = "evaluation|calibration|all",
      description = "Which half of each file to score (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--every", defaultValue = "1", paramLabel = "K", description = "Score every K-th text only, for a quick look (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown tables to FILE.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir = corpus != null ? corpus : DemoCommand.home().resolve("datasets/langid_short_texts");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("corpus directory not found: " + dir + " (use --corpus DIR)");
    }
    String md = LangIdEvaluation.evaluateToMarkdown(dir, split, every, detectors.isEmpty() ? List.of("lang1", "lang2") : detectors);
    System.out.println(md);
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, md, StandardCharsets.UTF_8);
    }
    return Prism.EXIT_OK;
  }
}
