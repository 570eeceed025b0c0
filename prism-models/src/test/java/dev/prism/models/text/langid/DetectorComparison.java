package dev.prism.models.text.langid;

import com.github.pemistahl.lingua.api.IsoCode639_3;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.onnx.ModelArtifact;
import dev.prism.models.text.LanguageNode;
import dev.prism.models.text.ShortTextLanguageNode;
import dev.prism.models.text.langid.LangIdCorpus.Sample;
import dev.prism.models.text.langid.LangIdCorpus.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * The measured comparison behind lang@2's choice of detector (LANGID.md): the raw detectors,
 * best language without abstention, on the evaluation split. Test sources because Optimaize is a
 * test-only dependency. One detector per JVM so that its heap is measured alone:
 *
 * <pre>
 * java -Xmx4g -cp CLASSPATH dev.prism.models.text.langid.DetectorComparison DETECTOR [OUT.md]
 * </pre>
 *
 * DETECTOR: opennlp | opennlp-27 | optimaize | lingua-high-27 | lingua-low-27 | lingua-high-all |
 * lingua-low-all. The confidence of a raw detector is its own top score (OpenNLP, Optimaize: top
 * probability; Lingua: 1 - the runner-up's relative value); none is calibrated, so ECE here only
 * shows that.
 */
public final class DetectorComparison {
  private DetectorComparison() {}

  /** A labeler plus what it costs to keep. */
  private record Built(LangIdEvaluation.Labeler labeler, Runnable close, String languages) {}

  static Built build(String name) throws IOException {
    return switch (name) {
      case "opennlp", "opennlp-27" -> {
        LanguageDetectorModel m = new LanguageDetectorModel(ModelArtifact.fromClasspath(LanguageNode.MODEL_RESOURCE).open());
        ThreadLocal<LanguageDetectorME> me = ThreadLocal.withInitial(() -> new LanguageDetectorME(m));
        boolean restrict = name.equals("opennlp-27");
        // restricted: the best of OpenNLP's 103 probabilities among the corpus's 27 languages
        // (with OpenNLP's individual-language codes for Chinese and Persian), to separate the
        // model's quality from the size of its label set
        Set<String> allowed = restrict ? allowedFor27() : Set.of();
        yield new Built(texts -> {
          List<SignalValue.Label> out = new ArrayList<>();
          for (String t : texts) {
            opennlp.tools.langdetect.Language[] ls = me.get().predictLanguages(t);
            opennlp.tools.langdetect.Language best = null;
            for (opennlp.tools.langdetect.Language l : ls) {
              if (!restrict || allowed.contains(l.getLang())) {
                best = l;
                break;
              }
            }
            out.add(best == null ? new SignalValue.Label("und", 0) : new SignalValue.Label(best.getLang(), clamp(best.getConfidence())));
          }
          return out;
        }, () -> {}, restrict ? "103 (answers restricted to 27)" : "103");
      }
      case "optimaize" -> {
        var profiles = new LanguageProfileReader().readAllBuiltIn();
        var det = com.optimaize.langdetect.LanguageDetectorBuilder.create(NgramExtractors.standard()).withProfiles(profiles).build();
        yield new Built(texts -> {
          List<SignalValue.Label> out = new ArrayList<>();
          for (String t : texts) {
            var ps = det.getProbabilities(t);
            if (ps.isEmpty()) {
              out.add(new SignalValue.Label("und", 0));
            } else {
              out.add(new SignalValue.Label(optimaizeIso3(ps.get(0).getLocale()), clamp(ps.get(0).getProbability())));
            }
          }
          return out;
        }, () -> {}, Integer.toString(profiles.size()));
      }
      case "lingua-high-27", "lingua-low-27", "lingua-high-all", "lingua-low-all" -> {
        List<Language> langs = name.endsWith("-27")
            ? ShortTextLanguageNode.DEFAULT_LANGUAGES.stream()
                .map(c -> Language.getByIsoCode639_3(IsoCode639_3.valueOf(c.toUpperCase(Locale.ROOT)))).toList()
            : Arrays.stream(Language.values()).filter(l -> l != Language.UNKNOWN).toList();
        LanguageDetectorBuilder b = LanguageDetectorBuilder.fromLanguages(langs.toArray(Language[]::new)).withPreloadedLanguageModels();
        if (name.contains("-low-")) {
          b = b.withLowAccuracyMode();
        }
        var det = b.build();
        yield new Built(texts -> {
          List<SignalValue.Label> out = new ArrayList<>();
          for (String t : texts) {
            SortedMap<Language, Double> v = det.computeLanguageConfidenceValues(t);
            if (v.isEmpty()) {
              out.add(new SignalValue.Label("und", 0));
            } else {
              var it = v.entrySet().iterator();
              Language best = it.next().getKey();
              double second = it.hasNext() ? it.next().getValue() : 0;
              out.add(second >= 1.0 ? new SignalValue.Label("und", 0)
                  : new SignalValue.Label(best.getIsoCode639_3().toString(), clamp(1 - second)));
            }
          }
          return out;
        }, det::unloadLanguageModels, Integer.toString(langs.size()));
      }
      default -> throw new IllegalArgumentException("unknown detector " + name);
    };
  }

  private static double clamp(double x) {
    return Math.max(0, Math.min(1, x));
  }

  /** OpenNLP codes that answer one of the 27 corpus languages. */
  static Set<String> allowedFor27() {
    java.util.Set<String> s = new java.util.HashSet<>(LanguageCodes.ISO_639_1_TO_3.values());
    LanguageCodes.EQUIVALENT.values().forEach(s::addAll);
    return Set.copyOf(s);
  }

  /** Optimaize answers ISO 639-1 (plus script/region, e.g. zh-CN, zh-TW). */
  static String optimaizeIso3(LdLocale l) {
    String iso1 = l.getLanguage();
    String iso3 = LanguageCodes.ISO_639_1_TO_3.get(iso1);
    if (iso3 != null) {
      return iso3;
    }
    return Locale.of(iso1).getISO3Language();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: DetectorComparison DETECTOR [OUT.md]");
    }
    String name = args[0];
    List<Sample> samples = LangIdCorpus.load(Path.of("datasets/langid_short_texts")).split(Split.EVALUATION);
    long before = LangIdEvaluation.usedHeapAfterGc();
    long t0 = System.nanoTime();
    Built built = build(name);
    double load = (System.nanoTime() - t0) / 1e9;
    long after = LangIdEvaluation.usedHeapAfterGc();
    LangIdEvaluation.Report r = LangIdEvaluation.evaluate(name, built.labeler(), samples);
    built.close().run();
    Map<String, LangIdEvaluation.Cost> costs = Map.of(name, new LangIdEvaluation.Cost(after - before, load, built.languages()));
    String md = LangIdEvaluation.bucketTable(List.of(r), costs) + "\n" + LangIdEvaluation.wallTable(List.of(r)) + "\n"
        + LangIdEvaluation.languageTable(List.of(r));
    System.out.printf(Locale.ROOT, "%s: built in %.1f s%n%s%n", name, load, md);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), md, StandardCharsets.UTF_8);
    }
  }
}
