package dev.prism.cli.registry;

import dev.prism.cli.support.CommandGroup;
import dev.prism.cli.support.ExitCodes;
import dev.prism.rollout.Rollout;
import dev.prism.rollout.RolloutController;
import dev.prism.rollout.RolloutJson;
import dev.prism.rollout.RolloutPlan;
import dev.prism.rollout.Rollouts;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prism rollout start|status|pause|resume|abort}: rollouts of a registered candidate in the
 * metadata database. The server that serves the signal ({@code prism serve --db … --set
 * rollout.signals=…}) runs them: it picks a change up within {@code rollout.poll_ms}. Every change is
 * an event in the registry (and its webhooks) and a row in the audit log.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = {"Roll a registered candidate out against a signal's production version: shadow (the candidate "
        + "scores items, production answers), then canary steps (a salted hash of the item id picks the items the "
        + "candidate answers), each held for a minimum time and item count while guardrails (error rate, latency p99, "
        + "score shift (PSI), decision agreement) are checked on every batch. A breach halts the rollout and moves "
        + "traffic back at once; the last step passed moves the production alias to the candidate.",
        "The rollout runs in `prism serve --db URL --set rollout.signals=SIGNAL`; this command only records "
            + "what the server should do, in the same database."},
    subcommands = {RolloutCommand.Start.class, RolloutCommand.Status.class, RolloutCommand.Pause.class,
        RolloutCommand.Resume.class, RolloutCommand.Abort.class})
public final class RolloutCommand extends CommandGroup {

  static Rollouts rollouts(RegistryOptions.Opened r) {
    return new Rollouts(r.db(), r.registry(), Clock.systemUTC());
  }

  static void print(PrintWriter out, Rollout r) {
    out.printf(Locale.ROOT, "%s  %s@v%d against v%d  %s  step %s (%d of %d: %s)%n", r.id(), r.signal(), r.candidateVersion(),
        r.baselineVersion(), r.state().db(), r.stepName(), r.stepIndex() + 1, r.plan().steps().size(), r.plan().stepsText());
    if (!r.outcome().isEmpty()) {
      out.println("  outcome     " + r.outcome());
    }
    if (!r.guardrailsJson().equals("{}")) {
      out.println("  guardrails  " + r.guardrailsJson());
    }
    out.println("  started     " + ModelsCommand.time(r.createdAt()) + " by " + r.createdBy() + ", updated "
        + ModelsCommand.time(r.updatedAt()));
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Start rolling CANDIDATE out for SIGNAL (it needs a production alias). The plan defaults to the "
          + "rollout.plan.* keys (see `prism config`; set with PRISM_ROLLOUT_PLAN_STEPS, …_MIN_STEP_MS, …_MIN_STEP_ITEMS): "
          + "steps shadow,1,10,50,100, 5 minutes and 1000 candidate items each.",
          "Example: prism rollout start spam --candidate v2 --reason 'retrained on June labels'"})
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "SIGNAL", description = "the signal, e.g. spam")
    String signal;

    @Option(names = "--candidate", required = true, paramLabel = "REF", description = "the version to roll out: vN, or an alias")
    String candidate;

    @Option(names = "--steps", paramLabel = "STEPS", description = "e.g. shadow,1,10,50,100 (the last must be 100)")
    String steps;

    @Option(names = "--min-step-ms", paramLabel = "MS", description = "minimum time in each step")
    Long minStepMs;

    @Option(names = "--min-step-items", paramLabel = "N", description = "minimum items the candidate scores in each step")
    Long minStepItems;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded with the rollout)")
    String reason;

    @Override
    public Integer call() {
      // the plan's defaults: rollout.plan.* keys, from their PRISM_ROLLOUT_PLAN_* variables when set
      RolloutPlan d = RolloutController.defaultPlan(dev.prism.core.config.Config.load(
          dev.prism.rollout.RolloutConfig.KEYS, null, System.getenv(), java.util.Map.of()));
      RolloutPlan plan = RolloutPlan.parse(steps == null ? d.stepsText() : steps, minStepMs == null ? d.minStepMs() : minStepMs,
          minStepItems == null ? d.minStepItems() : minStepItems);
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        Rollout ro = rollouts(r).start(signal, candidate, plan, RegistryOptions.actor(), reason);
        r.audit("rollout.start", ro.id());
        out.println("started rollout " + ro.id() + ": " + signal + "@v" + ro.candidateVersion() + " against production v"
            + ro.baselineVersion() + ", steps " + plan.stepsText() + ", at least " + plan.minStepMs() + " ms and "
            + plan.minStepItems() + " candidate items per step");
        out.println("the server serving " + signal + " (prism serve --db … --set rollout.signals=" + signal + ") runs it; "
            + "watch it with: prism rollout status " + ro.id());
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show rollouts: one by id, those of a signal, or all (newest first), with their step, outcome "
          + "and the guardrail values the server last recorded.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "ID|SIGNAL", arity = "0..1", description = "a rollout id (ro-…) or a signal name")
    String what;

    @Option(names = "--json", description = "print JSON (one object per line)")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        Rollouts rollouts = rollouts(r);
        List<Rollout> list = what == null ? rollouts.list(null)
            : what.startsWith("ro-") ? List.of(rollouts.require(what)) : rollouts.list(what);
        if (list.isEmpty()) {
          out.println("no rollouts" + (what == null ? "" : " of " + what));
        }
        for (Rollout ro : list) {
          if (json) {
            out.println(RolloutJson.of(ro, Optional.empty()));
          } else {
            print(out, ro);
          }
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  abstract static class Change implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RegistryOptions options;

    @Parameters(paramLabel = "ID", description = "the rollout id (ro-…), see prism rollout status")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (recorded with the event)")
    String reason;

    abstract Rollout apply(Rollouts rollouts);

    abstract String action();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (RegistryOptions.Opened r = options.open()) {
        Rollout ro = apply(rollouts(r));
        r.audit("rollout." + action(), ro.id());
        print(out, ro);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Hold a running rollout at its current step: traffic stays where it is, guardrails keep being checked.")
  static final class Pause extends Change {
    @Override
    Rollout apply(Rollouts rollouts) {
      return rollouts.pause(id, RegistryOptions.actor(), reason);
    }

    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Resume a paused rollout; its current step starts over (minimum time and items).")
  static final class Resume extends Change {
    @Override
    Rollout apply(Rollouts rollouts) {
      return rollouts.resume(id, RegistryOptions.actor(), reason);
    }

    @Override
    String action() {
      return "resume";
    }
  }

  @Command(name = "abort", mixinStandardHelpOptions = true,
      description = "End a running or paused rollout: the candidate leaves traffic, production stays where it is.")
  static final class Abort extends Change {
    @Override
    Rollout apply(Rollouts rollouts) {
      return rollouts.abort(id, RegistryOptions.actor(), reason);
    }

    @Override
    String action() {
      return "abort";
    }
  }
}
