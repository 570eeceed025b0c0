package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Renders {@code --help} of every command and subcommand at 80 columns and checks that it reads
 * well: no line is wider than 80, no line break falls inside a word, path, URL or dotted key
 * ({@code /openapi.} + {@code json}, {@code e.} + {@code g.}, {@code graph.} + {@code heads=…}),
 * and no paragraph breaks early (a hand-broken description line that picocli re-wrapped, leaving
 * {@code the} alone on a line).
 */
class HelpLayoutTest {
  static final int WIDTH = 80;

  @Test
  void everyCommandsHelpFitsEightyColumnsAndBreaksOnlyBetweenWords() {
    Map<String, String> helps = renderAll(Prism.commandLine());
    // the whole tree: 6 + lf, labelmodel, train, eval, labels with their subcommands
    assertThat(helps).containsKeys("prism", "prism serve", "prism score", "prism demo", "prism snapshot", "prism contracts",
        "prism config", "prism lf analyze", "prism labelmodel fit", "prism labelmodel synth", "prism train", "prism eval",
        "prism labels import", "prism labels export", "prism labels agreement", "prism labels tasks", "prism labels errors",
        "prism labels sample");
    List<String> problems = new ArrayList<>();
    CommandLine prism = Prism.commandLine();
    for (Map.Entry<String, String> e : helps.entrySet()) {
      CommandSpec spec = find(prism, e.getKey()).getCommandSpec();
      problems.addAll(problems(e.getKey(), e.getValue(), tokens(spec)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckCatchesTheBreaksPicocliMadeBefore() {
    // verbatim from `prism serve --help` and `prism labels tasks --help` as picocli's own wrapping rendered them
    String serve = """
        POST /v1/signals, GET /v1/contracts, GET /healthz, GET /metrics, GET /openapi.
        json.
        Bind address, port, batching and limits: server.* keys (see `prism config`); e.
        g. --set server.port=9000.
        """;
    Set<String> serveTokens = Set.of("/openapi.json.", "e.g.");
    assertThat(problems("serve", serve, serveTokens)).hasSize(2);
    String tasks = """
              --db=URL    metadata database: jdbc:sqlite:<file>, jdbc:postgresql://host:
                            port/db?user=…, or a SQLite file path
        """;
    assertThat(problems("tasks", tasks, Set.of("jdbc:postgresql://host:port/db?user=…,"))).hasSize(1);
    String ragged = """
        Prism's main job on its embedded defaults: start the signal server, score the
        bundled YouTube
        comments through it over HTTP from concurrent clients.
        """;
    assertThat(problems("demo", ragged, Set.of())).singleElement().asString().contains("breaks early");
    assertThat(problems("long", "x".repeat(WIDTH + 1), Set.of())).singleElement().asString().contains("81 columns");
  }

  @Test
  void listItemsContinueUnderTheirText() {
    String help = render(find(Prism.commandLine(), "prism score"));
    assertThat(help).contains(
        "  resume     (JSONL default) keep the items already in OUTPUT, cut a torn last" + System.lineSeparator()
            + "             line, score the rest;");
  }

  /** --help of {@code root} and everything below it, by qualified name. */
  static Map<String, String> renderAll(CommandLine root) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(root.getCommandSpec().qualifiedName(), render(root));
    root.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        out.putAll(renderAll(sub));
      }
    });
    return out;
  }

  static String render(CommandLine cl) {
    cl.setUsageHelpWidth(WIDTH);
    StringWriter w = new StringWriter();
    cl.usage(new PrintWriter(w, true), CommandLine.Help.Ansi.OFF);
    return w.toString();
  }

  static CommandLine find(CommandLine root, String qualifiedName) {
    CommandLine cl = root;
    for (String part : Arrays.asList(qualifiedName.split(" ")).subList(1, qualifiedName.split(" ").length)) {
      cl = cl.getSubcommands().get(part);
    }
    return cl;
  }

  /** The whitespace-separated tokens of every text the help of {@code spec} shows. */
  static Set<String> tokens(CommandSpec spec) {
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (ArgSpec a : spec.args()) {
      texts.addAll(List.of(a.renderedDescription()));
    }
    for (CommandLine sub : spec.subcommands().values()) {
      texts.addAll(List.of(sub.getCommandSpec().usageMessage().description()));
    }
    Set<String> tokens = new HashSet<>();
    for (String t : texts) {
      tokens.addAll(Arrays.asList(t.replace("%n", " ").strip().split("\\s+")));
    }
    return tokens;
  }

  /**
   * What is wrong with a rendered help text:
   * <ul>
   *   <li>a line wider than {@link #WIDTH};
   *   <li>a break inside a token: the last token of a line and the first of the next, glued
   *       together, are one token of the source texts (or part of one, unless both halves are
   *       words of their own);
   *   <li>a paragraph that breaks early: the next line continues it (same indentation, starts
   *       with a lowercase letter, this line does not end a clause) and its first word would have
   *       fitted on this line.
   * </ul>
   */
  static List<String> problems(String command, String help, Set<String> sourceTokens) {
    List<String> out = new ArrayList<>();
    List<String> lines = help.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String a = lines.get(i);
      if (a.length() > WIDTH) {
        out.add(command + ": line " + (i + 1) + " is " + a.length() + " columns wide: " + a);
      }
      if (i + 1 == lines.size() || a.isBlank() || lines.get(i + 1).isBlank()) {
        continue;
      }
      String b = lines.get(i + 1);
      String[] aTokens = a.strip().split("\\s+");
      String lastA = aTokens[aTokens.length - 1];
      String firstB = b.strip().split("\\s+")[0];
      String glued = lastA + firstB;
      // two words that also stand alone (label + in, inside "labeling") are a break between words
      boolean twoWords = sourceTokens.contains(lastA) && sourceTokens.contains(firstB);
      if (sourceTokens.stream().anyMatch(t -> t.equals(glued) || (t.contains(glued) && !twoWords))) {
        out.add(command + ": line " + (i + 1) + " breaks inside '" + glued + "':\n" + a + "\n" + b);
      }
      boolean sameIndent = indent(a) == indent(b);
      boolean continues = Character.isLowerCase(firstB.charAt(0)) && !a.stripTrailing().matches(".*[.:;]$");
      if (sameIndent && continues && a.stripTrailing().length() + 1 + firstB.length() <= WIDTH) {
        out.add(command + ": line " + (i + 1) + " breaks early ('" + firstB + "' fits on it):\n" + a + "\n" + b);
      }
    }
    return out;
  }

  private static int indent(String s) {
    int n = 0;
    while (n < s.length() && s.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
