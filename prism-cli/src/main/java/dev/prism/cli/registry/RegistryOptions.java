package dev.prism.cli.registry;

import dev.prism.core.auth.AuditEvent;
import dev.prism.registry.FileArtifactStore;
import dev.prism.registry.ModelRegistry;
import dev.prism.registry.RegistryEvent;
import dev.prism.registry.WebhookDeliveries;
import dev.prism.registry.WebhookDispatcher;
import dev.prism.store.auth.ApiTokenStore;
import dev.prism.store.db.MetadataDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Where the registry lives ({@code --db}, {@code --artifacts}) and who hears of changes ({@code --webhook}). */
public final class RegistryOptions {
  /** The environment variable holding the shared secret webhooks are signed with. */
  public static final String WEBHOOK_SECRET_ENV = "PRISM_WEBHOOK_SECRET";

  @Option(names = "--db", paramLabel = "URL", defaultValue = MetadataDb.DEFAULT_URL,
      description = "metadata database: jdbc:sqlite:<file>, jdbc:postgresql://host:port/db?user=…, or a SQLite file path"
          + " (default: ${DEFAULT-VALUE})")
  String db;

  @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = FileArtifactStore.DEFAULT_ROOT,
      description = "artifact store: registered files by SHA-256 (default: ${DEFAULT-VALUE})")
  Path artifacts;

  @Option(names = "--webhook", paramLabel = "URL",
      description = "POST each change to URL, signed with HMAC-SHA256 of the secret in $" + WEBHOOK_SECRET_ENV
          + " (repeatable; retried with backoff)")
  List<URI> webhooks = new ArrayList<>();

  /** The same options set by another command ({@code prism train --register}). */
  public static RegistryOptions of(String db, Path artifacts, List<URI> webhooks) {
    RegistryOptions o = new RegistryOptions();
    o.db = db;
    o.artifacts = artifacts;
    o.webhooks = new ArrayList<>(webhooks);
    return o;
  }

  /** Who the command runs as, in the registry and the audit log. */
  public static String actor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  /** An open registry; close {@link Opened#db()} when done. */
  public record Opened(MetadataDb db, ModelRegistry registry, ApiTokenStore audit, java.util.Optional<WebhookDispatcher> webhooks)
      implements AutoCloseable {
    public void audit(String action, String target) {
      audit.record(new AuditEvent(Instant.now(), actor(), action, target, "ok", ""));
    }

    @Override
    public void close() {
      db.close();
    }
  }

  /**
   * The registry {@code prism serve --db} serves: webhooks are delivered on one background thread
   * (in order of the changes), so a slow receiver never holds up an API call.
   */
  public static ModelRegistry serverRegistry(MetadataDb metadata, Path artifacts, List<URI> webhooks) {
    return serverRegistry(metadata, artifacts, webhooks, System.getenv(WEBHOOK_SECRET_ENV));
  }

  /** {@link #serverRegistry(MetadataDb, Path, List)} with the webhook secret given (null when unset). */
  public static ModelRegistry serverRegistry(MetadataDb metadata, Path artifacts, List<URI> webhooks, String secret) {
    List<WebhookDispatcher.Webhook> hooks = webhooks(webhooks, secret);
    Consumer<RegistryEvent> events = e -> {};
    if (!hooks.isEmpty()) {
      WebhookDispatcher dispatcher = new WebhookDispatcher(hooks, WebhookDispatcher.RetryPolicy.DEFAULT,
          new WebhookDeliveries(metadata, Clock.systemUTC()), HttpClient.newHttpClient(), Clock.systemUTC());
      java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("prism-webhooks").daemon(true).factory());
      events = e -> executor.execute(() -> dispatcher.accept(e));
    }
    return new ModelRegistry(metadata, new FileArtifactStore(artifacts), Clock.systemUTC(), events);
  }

  private static List<WebhookDispatcher.Webhook> webhooks(List<URI> urls, String secret) {
    List<WebhookDispatcher.Webhook> hooks = new ArrayList<>();
    if (!urls.isEmpty()) {
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("--webhook needs the signing secret in $" + WEBHOOK_SECRET_ENV
            + " (at least " + WebhookDispatcher.Webhook.MIN_SECRET_BYTES + " bytes)");
      }
      for (URI u : urls) {
        hooks.add(new WebhookDispatcher.Webhook(u, secret.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return hooks;
  }

  public Opened open() {
    List<WebhookDispatcher.Webhook> hooks = webhooks(webhooks, System.getenv(WEBHOOK_SECRET_ENV));
    MetadataDb metadata = MetadataDb.open(db);
    try {
      java.util.Optional<WebhookDispatcher> dispatcher = hooks.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(new WebhookDispatcher(hooks, WebhookDispatcher.RetryPolicy.DEFAULT,
              new WebhookDeliveries(metadata, Clock.systemUTC()), HttpClient.newHttpClient(), Clock.systemUTC()));
      Consumer<RegistryEvent> events = dispatcher.isPresent() ? dispatcher.get() : e -> {};
      ModelRegistry registry = new ModelRegistry(metadata, new FileArtifactStore(artifacts), Clock.systemUTC(), events);
      return new Opened(metadata, registry, new ApiTokenStore(metadata), dispatcher);
    } catch (RuntimeException e) {
      metadata.close();
      throw e;
    }
  }
}
