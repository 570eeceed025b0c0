package dev.prism.cli.store;

import dev.prism.cli.support.CommandGroup;
import dev.prism.cli.support.ExitCodes;
import dev.prism.core.auth.AuditEvent;
import dev.prism.core.auth.Scope;
import dev.prism.store.auth.ApiToken;
import dev.prism.store.auth.ApiTokenStore;
import dev.prism.store.db.MetadataDb;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prism tokens create|list|revoke}: API tokens for {@code prism serve --db} (stored hashed
 * in the metadata database). Every change is recorded in the audit log as {@code cli:USER}.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
    description = "API tokens for the HTTP API: create (shown once, stored hashed), list, revoke. "
        + "The server checks them when started with `prism serve --db URL`.",
    subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand extends CommandGroup {

  static String actor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  static void audit(ApiTokenStore store, String action, String target) {
    store.record(new AuditEvent(Instant.now(), actor(), action, target, "ok", ""));
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Create an API token and print it once (it cannot be shown again: only its SHA-256 is stored).",
          "Scopes: read (signals, contracts) < write (endpoints that change state; audited) < admin (everything)."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE", description = "read, write or admin")
    String scope;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "unnamed",
        description = "who or what uses it, shown in lists and logs (default: ${DEFAULT-VALUE})")
    String name;

    @Override
    public Integer call() {
      Scope s = Scope.parse(scope);
      try (MetadataDb metadata = db.open()) {
        ApiTokenStore store = new ApiTokenStore(metadata);
        ApiTokenStore.Created created = store.create(name, s);
        audit(store, "tokens.create", created.token().id());
        PrintWriter out = spec.commandLine().getOut();
        out.println(created.secret());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("prism: created token " + created.token().id() + " ('" + created.token().name() + "', scope "
            + s.id() + ") in " + db.url + "; it is printed above once and cannot be shown again");
        err.flush();
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List API tokens (ids, names, scopes; never secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;

    @Override
    public Integer call() {
      List<ApiToken> tokens;
      try (MetadataDb metadata = db.open()) {
        tokens = new ApiTokenStore(metadata).list();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (tokens.isEmpty()) {
        out.println("no API tokens in " + db.url);
      } else {
        out.printf(Locale.ROOT, "%-12s %-6s %-8s %-20s %s%n", "id", "scope", "status", "created", "name");
        for (ApiToken t : tokens) {
          out.printf(Locale.ROOT, "%-12s %-6s %-8s %-20s %s%n", t.id(), t.scope().id(), t.active() ? "active" : "revoked",
              t.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"), t.name());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token by its id; it stops working at once.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DbOption db;

    @Parameters(paramLabel = "ID", description = "the token's id (see prism tokens list)")
    String id;

    @Override
    public Integer call() {
      try (MetadataDb metadata = db.open()) {
        ApiTokenStore store = new ApiTokenStore(metadata);
        boolean revoked = store.revoke(id);
        if (revoked) {
          audit(store, "tokens.revoke", id);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(revoked ? "revoked " + id : id + " was already revoked");
        out.flush();
      }
      return ExitCodes.OK;
    }
  }
}
