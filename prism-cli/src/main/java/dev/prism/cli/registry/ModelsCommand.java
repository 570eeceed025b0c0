package dev.prism.cli.registry;

import dev.prism.cli.support.CommandGroup;
import dev.prism.cli.support.ExitCodes;
import dev.prism.registry.AliasMove;
import dev.prism.registry.AliasTarget;
import dev.prism.registry.ModelRef;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.ModelVersion;
import dev.prism.registry.VersionDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prism models register|list|show|diff|alias|rollback}: the model registry. Every change is
 * recorded in the registry's history, in the audit log (as {@code cli:USER}) and sent to the
 * {@code --webhook}s.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"The model registry: versions of trained heads with their lineage, and aliases "
        + "(production, canary, shadow, any name) with a history of who moved them, when and why.",
        "References: SIGNAL@vN names a version (spam@v2), SIGNAL@ALIAS an alias (spam@production).",
        "The registry lives in the metadata database (--db) and the artifact store (--artifacts)."},
    subcommands = {ModelsCommand.Register.class, ModelsCommand.ListVersions.class, ModelsCommand.Show.class,
        ModelsCommand.Diff.class, ModelsCommand.Alias.class, ModelsCommand.Rollback.class, ModelsCommand.Events.class})
public final class ModelsCommand extends CommandGroup {

  static String shortSha(String sha) {
    return sha.substring(0, 12);
  }

  static String time(Instant t) {
    return t.toString().replaceFirst("\\.\\d+Z$", "Z");
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = {"Register a head artifact written by `prism train`: it is validated, copied into the artifact "
          + "store under its SHA-256 and given the next version number of its signal.",
          "Registering the same file again prints the existing version and changes nothing.",
          "--report adds the metrics of `prism eval`'s report.json (it must be a report of this artifact)."})
  static final class Register implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "ARTIFACT", description = "the head artifact (JSON), e.g. models/spam-youtube.v1.json")
    Path artifact;

    @Option(names = "--report", paramLabel = "FILE", description = "report.json of `prism eval` on this artifact")
    Path report;

    @Option(names = "--note", paramLabel = "TEXT", defaultValue = "", description = "free text kept with the version")
    String note;

    @Override
    public Integer call() {
      try (RegistryOptions.Opened r = options.open()) {
        ModelRegistry.Registration reg = r.registry().register(artifact, report, RegistryOptions.actor(), note);
        ModelVersion v = reg.version();
        if (reg.created()) {
          r.audit("models.register", v.ref());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println((reg.created() ? "registered " : "already registered as ") + v.ref() + " (" + v.spec() + ", artifact "
            + v.artifactSha256() + ")");
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List registered versions (of one signal, or all) with their aliases.")
  static final class ListVersions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "SIGNAL", arity = "0..1", description = "a signal name, e.g. spam (default: every signal)")
    String signal;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        List<ModelVersion> versions = r.registry().list(signal);
        if (versions.isEmpty()) {
          out.println("no registered versions" + (signal == null ? "" : " of " + signal));
        } else {
          out.printf(Locale.ROOT, "%-16s %-10s %-12s %-20s %-16s %s%n", "version", "spec", "artifact", "registered", "by",
              "aliases");
          Map<String, List<AliasTarget>> aliases = versions.stream().map(ModelVersion::signal).distinct()
              .collect(Collectors.toMap(s -> s, s -> r.registry().aliases(s)));
          for (ModelVersion v : versions) {
            String names = aliases.get(v.signal()).stream().filter(a -> a.version() == v.version()).map(AliasTarget::alias)
                .collect(Collectors.joining(","));
            out.printf(Locale.ROOT, "%-16s %-10s %-12s %-20s %-16s %s%n", v.ref(), v.spec(), shortSha(v.artifactSha256()),
                time(v.registeredAt()), v.registeredBy(), names);
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a version's lineage, metrics, aliases and the alias history of its signal.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "REF", description = "SIGNAL@vN or SIGNAL@ALIAS, e.g. spam@production")
    String ref;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        ModelVersion v = r.registry().resolve(ModelRef.parse(ref));
        out.println(v.ref() + "  (" + v.spec() + ")");
        out.println("  artifact         " + v.artifactSha256() + " (" + v.artifactBytes() + " bytes, "
            + r.registry().artifacts().location(v.artifactSha256()) + ")");
        out.println("  head             " + v.headName() + " " + v.headVersion());
        out.println("  training data    " + v.trainingDataSha256());
        out.println("  label source     " + v.labelSource());
        out.println("  code version     " + v.codeVersion() + ", trained " + v.trainedAt());
        out.println("  eval report      " + v.reportSha256().orElse("(none)"));
        out.println("  registered       " + time(v.registeredAt()) + " by " + v.registeredBy()
            + (v.note().isEmpty() ? "" : " (" + v.note() + ")"));
        out.println("  config           " + v.config().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ")));
        v.metrics().forEach((split, m) -> out.println("  metrics " + String.format(Locale.ROOT, "%-8s", split) + " "
            + m.entrySet().stream().map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
            .collect(Collectors.joining(" "))));
        List<AliasTarget> aliases = r.registry().aliases(v.signal());
        out.println("aliases of " + v.signal() + ": " + (aliases.isEmpty() ? "(none)" : aliases.stream()
            .map(a -> a.alias() + "=v" + a.version()).collect(Collectors.joining(", "))));
        List<AliasMove> history = r.registry().history(v.signal(), null);
        if (!history.isEmpty()) {
          out.println("alias history:");
          for (AliasMove m : history) {
            out.println("  " + time(m.at()) + "  " + m.alias() + ": " + m.fromVersion().map(f -> "v" + f).orElse("(new)")
                + " -> v" + m.toVersion() + "  " + m.kind() + " by " + m.actor() + ": " + m.reason());
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "What differs between two versions: lineage, configuration and metrics (B minus A).")
  static final class Diff implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(index = "0", paramLabel = "A", description = "SIGNAL@vN or SIGNAL@ALIAS")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "SIGNAL@vN or SIGNAL@ALIAS")
    String b;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        ModelVersion va = r.registry().resolve(ModelRef.parse(a));
        ModelVersion vb = r.registry().resolve(ModelRef.parse(b));
        VersionDiff d = ModelRegistry.diff(va, vb);
        out.println(va.ref() + " -> " + vb.ref());
        if (d.fields().isEmpty() && d.config().isEmpty()) {
          out.println("  same lineage and configuration");
        }
        for (VersionDiff.Change c : d.fields()) {
          out.println("  " + String.format(Locale.ROOT, "%-22s", c.name()) + c.a().orElse("(none)") + " -> " + c.b().orElse("(none)"));
        }
        for (VersionDiff.Change c : d.config()) {
          out.println("  config " + String.format(Locale.ROOT, "%-15s", c.name()) + c.a().orElse("(unset)") + " -> "
              + c.b().orElse("(unset)"));
        }
        for (VersionDiff.MetricDelta m : d.metrics()) {
          out.println("  " + String.format(Locale.ROOT, "%-9s %-10s %10s %10s %s", m.split(), m.metric(), num(m.a()), num(m.b()),
              m.delta().map(x -> String.format(Locale.ROOT, "%+.4f", x)).orElse("")));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }

    private static String num(Optional<Double> x) {
      return x.map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("-");
    }
  }

  @Command(name = "alias", mixinStandardHelpOptions = true,
      description = {"Point an alias at a version, e.g. `prism models alias spam@v2 production --reason \"passed canary\"`.",
          "TARGET may itself be an alias: spam@canary production promotes whatever canary points at.",
          "The move is kept in the alias history with who, when and why."})
  static final class Alias implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(index = "0", paramLabel = "TARGET", description = "SIGNAL@vN or SIGNAL@ALIAS")
    String target;

    @Parameters(index = "1", paramLabel = "ALIAS", description = "the alias to move, e.g. production, canary, shadow")
    String alias;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why it moves (kept in the history)")
    String reason;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        ModelVersion v = r.registry().resolve(ModelRef.parse(target));
        Optional<AliasMove> m = r.registry().setAlias(v.signal(), alias, v.version(), RegistryOptions.actor(), reason);
        if (m.isPresent()) {
          r.audit("models.alias", v.signal() + "@" + alias + "=v" + v.version());
          out.println(v.signal() + "@" + alias + ": " + m.get().fromVersion().map(f -> "v" + f).orElse("(new)") + " -> v"
              + v.version());
        } else {
          out.println(v.signal() + "@" + alias + " already points at v" + v.version() + " (nothing changed)");
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = {"Move an alias back to the target it had before, e.g. `prism models rollback spam@production "
          + "--reason \"v3 flips outputs\"`.",
          "Rolling back again goes one more target back (the history is a stack)."})
  static final class Rollback implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "SIGNAL@ALIAS", description = "the alias to roll back, e.g. spam@production")
    String ref;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (kept in the history)")
    String reason;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ModelRef parsed = ModelRef.parse(ref);
      if (parsed.alias().isEmpty()) {
        throw new IllegalArgumentException("rollback needs SIGNAL@ALIAS (e.g. spam@production), got the version " + ref);
      }
      try (RegistryOptions.Opened r = options.open()) {
        AliasMove m = r.registry().rollback(parsed.signal(), parsed.alias().get(), RegistryOptions.actor(), reason);
        r.audit("models.rollback", ref + "=v" + m.toVersion());
        out.println(ref + ": v" + m.fromVersion().orElseThrow() + " -> v" + m.toVersion() + " (rolled back)");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "events", mixinStandardHelpOptions = true,
      description = {"List registry events (registrations and alias moves), oldest first.",
          "With --redeliver and --webhook, send each listed event that a webhook has not taken yet "
              + "(never tried, or given up on) again; delivered events are not sent twice."})
  static final class Events implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "only events after this sequence number")
    long after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N events (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--redeliver", description = "send undelivered events to the --webhook receivers")
    boolean redeliver;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        List<dev.prism.registry.RegistryEvent> events = r.registry().events(after, limit);
        for (dev.prism.registry.RegistryEvent e : events) {
          out.printf(Locale.ROOT, "%5d  %-20s %-17s %-10s %s%n", e.seq(), time(e.at()), e.type(), e.signal(), e.actor());
        }
        if (events.isEmpty()) {
          out.println("no registry events after " + after);
        }
        if (redeliver) {
          if (r.webhooks().isEmpty()) {
            throw new IllegalArgumentException("--redeliver needs at least one --webhook URL");
          }
          int sent = r.webhooks().get().redeliver(events);
          out.println("redelivered " + sent + " event deliveries");
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
