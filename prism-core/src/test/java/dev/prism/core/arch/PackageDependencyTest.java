package dev.prism.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package structure of every module in the source tree, checked from its {@code src/main/java}:
 * no two packages of one module depend on each other (directly or around a loop), and the library
 * modules reference only the Prism modules they are meant to build on: libraries build on core, the
 * runners (server, bench, cli) on the runtime, and nothing imports a module above it.
 *
 * <p>It lives in prism-core, the first module of the build, and reads its sibling modules'
 * sources from {@code ..} (the way other tests read {@code ../datasets}), so one check covers the
 * whole tree without a shared test jar. A dependency is an {@code import} (static and wildcard
 * included) or a fully qualified {@code dev.prism…Type} in code; comments are ignored.
 */
class PackageDependencyTest {

  /** The project root seen from a module directory, where Maven runs the tests. */
  private static final Path ROOT = Path.of("..");

  /**
   * The Prism modules (as {@code dev.prism.<name>} packages) each library module may reference,
   * besides itself. The module READMEs state the same rule; Maven would let a module reach a
   * transitive dependency's packages, this does not.
   */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("core", Set.of()),
      Map.entry("models", Set.of("core")),
      Map.entry("label", Set.of("core")),
      Map.entry("learn", Set.of("core")),
      Map.entry("store", Set.of("core", "label")),
      // the model registry: versions and aliases in the store's database, artifacts validated by learn's reader
      Map.entry("registry", Set.of("core", "store", "learn")),
      // monitoring: the served-signal log, drift statistics (core's stats), the domain classifier (learn's trainer)
      Map.entry("monitor", Set.of("core", "learn")),
      // serving learned signals through the registry's aliases: rollouts, shadow, canary, guardrails
      Map.entry("rollout", Set.of("core", "learn", "store", "registry")),
      // the runtime every runner shares imports only core: node providers are found at run time
      Map.entry("runtime", Set.of("core")),
      // the near-duplicate index: Lucene HNSW over core's values, nothing else of Prism
      Map.entry("index", Set.of("core")),
      // runners -> runtime -> core, never back
      Map.entry("server", Set.of("core", "runtime", "index", "registry", "rollout")),
      // the Spark job: the runtime's graph assembly and item mapping, learn's snapshot format; node providers found at run time
      Map.entry("spark", Set.of("core", "runtime", "learn")),
      Map.entry("bench", Set.of("core", "runtime", "server", "models", "index")),
      Map.entry("cli", Set.of("core", "runtime", "server", "bench", "models", "label", "learn", "store", "index", "registry",
          "monitor", "rollout")));

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
  /** A qualified name in code: lower-case package segments, then a type. */
  private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(dev\\.prism(?:\\.[a-z_][\\w]*)+)\\.[A-Z]");

  /** One module's packages and, per package, the Prism packages its sources reference. */
  record Module(String name, Set<String> packages, Map<String, Set<String>> references) {}

  @Test
  void noModuleHasAPackageCycle() throws IOException {
    List<Module> modules = modules();
    assertThat(modules).as("modules found under " + ROOT.toAbsolutePath().normalize())
        .extracting(Module::name).contains("core", "label", "learn", "store", "runtime", "server", "cli");
    Map<String, List<List<String>>> cycles = new TreeMap<>();
    for (Module m : modules) {
      List<List<String>> c = cycles(internalGraph(m));
      if (!c.isEmpty()) {
        cycles.put("prism-" + m.name(), c);
      }
    }
    assertThat(cycles).as("package cycles (each list is one strongly connected set of packages)").isEmpty();
  }

  @Test
  void libraryModulesReferenceOnlyTheirAllowedModules() throws IOException {
    Map<String, Set<String>> violations = new TreeMap<>();
    for (Module m : modules()) {
      Set<String> allowed = ALLOWED.get(m.name());
      if (allowed == null) {
        violations.computeIfAbsent("prism-" + m.name(), k -> new TreeSet<>()).add("module missing from ALLOWED");
        continue;
      }
      m.references().forEach((from, targets) -> {
        for (String to : targets) {
          String module = moduleOf(to);
          if (!module.equals(m.name()) && !allowed.contains(module)) {
            violations.computeIfAbsent("prism-" + m.name(), k -> new TreeSet<>()).add(from + " -> " + to);
          }
        }
      });
    }
    assertThat(violations).as("references to modules outside each library's allowed set " + ALLOWED).isEmpty();
  }

  /** The detector itself: a loop through three packages is found, a chain is not. */
  @Test
  void cycleDetectorFindsLoopsAndOnlyLoops() {
    Map<String, Set<String>> g = new HashMap<>();
    g.put("a", Set.of("b"));
    g.put("b", Set.of("c"));
    g.put("c", Set.of("a", "d"));
    g.put("d", Set.of());
    assertThat(cycles(g)).containsExactly(List.of("a", "b", "c"));
    g.put("c", Set.of("d"));
    assertThat(cycles(g)).isEmpty();
  }

  @Test
  void commentsAndStringsAreNotDependencies() {
    String src = """
        package dev.prism.x;
        import dev.prism.y.Real;
        /** See {@link dev.prism.z.InComment}. */
        class A { String s = "dev.prism.w.InString // not a comment"; dev.prism.v.Qualified q; } // dev.prism.u.Tail
        """;
    assertThat(references(stripCommentsAndStrings(src))).containsExactly("dev.prism.v.Qualified", "dev.prism.y.Real");
  }

  // ---------------------------------------------------------------- reading the tree

  static List<Module> modules() throws IOException {
    List<Module> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("prism-")).sorted().toList()) {
        Path src = dir.resolve("src/main/java");
        if (Files.isDirectory(src)) {
          out.add(read(dir.getFileName().toString().substring("prism-".length()), src));
        }
      }
    }
    return out;
  }

  private static Module read(String name, Path src) throws IOException {
    Map<String, Set<String>> refs = new TreeMap<>();
    Set<String> packages = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(src)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String code = stripCommentsAndStrings(Files.readString(f, StandardCharsets.UTF_8));
      Matcher pm = PACKAGE.matcher(code);
      if (!pm.find()) {
        continue; // a default-package file has no dependencies to check
      }
      String pkg = pm.group(1);
      packages.add(pkg);
      refs.computeIfAbsent(pkg, k -> new TreeSet<>()).addAll(references(code));
    }
    // A reference names a type or a member (import static a.b.C.m); map it to its package.
    Map<String, Set<String>> byPackage = new TreeMap<>();
    refs.forEach((pkg, names) -> {
      Set<String> targets = byPackage.computeIfAbsent(pkg, k -> new TreeSet<>());
      for (String n : names) {
        String target = packageOf(n, packages);
        if (!target.equals(pkg)) {
          targets.add(target);
        }
      }
    });
    return new Module(name, packages, byPackage);
  }

  /** Prism names referenced by imports and qualified names in comment-free code. */
  static Set<String> references(String code) {
    Set<String> out = new TreeSet<>();
    Matcher im = IMPORT.matcher(code);
    while (im.find()) {
      if (im.group(1).startsWith("dev.prism.")) {
        out.add(im.group(1));
      }
    }
    String body = IMPORT.matcher(code).replaceAll("");
    Matcher qm = QUALIFIED.matcher(body);
    while (qm.find()) {
      int end = qm.end();
      while (end < body.length() && Character.isJavaIdentifierPart(body.charAt(end))) {
        end++;
      }
      out.add(body.substring(qm.start(1), end));
    }
    return out;
  }

  /** The longest known package that prefixes {@code name}; else the lower-case prefix (another module's package). */
  private static String packageOf(String name, Set<String> known) {
    String best = null;
    for (String p : known) {
      if ((name.equals(p) || name.startsWith(p + ".")) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    if (best != null) {
      return best;
    }
    List<String> parts = new ArrayList<>();
    for (String s : name.split("\\.")) {
      if (!s.isEmpty() && Character.isUpperCase(s.charAt(0))) {
        break;
      }
      parts.add(s);
    }
    return String.join(".", parts);
  }

  /** {@code dev.prism.label.model} → {@code label}. */
  private static String moduleOf(String pkg) {
    String[] s = pkg.split("\\.");
    return s.length > 2 ? s[2] : "";
  }

  /** Edges between the module's own packages only. */
  private static Map<String, Set<String>> internalGraph(Module m) {
    Map<String, Set<String>> g = new TreeMap<>();
    for (String p : m.packages()) {
      Set<String> targets = new TreeSet<>(m.references().getOrDefault(p, Set.of()));
      targets.retainAll(m.packages());
      g.put(p, targets);
    }
    return g;
  }

  /** Replaces comments and the contents of string, text-block and char literals with spaces. */
  static String stripCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        b.append(' ');
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        i = end < 0 ? n : end + 3;
        b.append("\"\"");
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        i = Math.min(n, j + 1);
        b.append(c).append(c);
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /** Strongly connected sets of more than one node (Tarjan), each sorted; they are the cycles. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : new TreeSet<>(graph.keySet())) {
      if (!index.containsKey(v)) {
        strongConnect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strongConnect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
      Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : g.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, g, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> scc = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        scc.add(w);
      } while (!w.equals(v));
      if (scc.size() > 1) {
        scc.sort(null);
        out.add(scc);
      }
    }
  }
}
