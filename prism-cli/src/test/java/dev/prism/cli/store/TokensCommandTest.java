package dev.prism.cli.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.cli.Prism;
import dev.prism.cli.support.ExitCodes;
import dev.prism.core.auth.AuditEvent;
import dev.prism.core.auth.Scope;
import dev.prism.core.config.Config;
import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.graph.Node;
import dev.prism.core.graph.SignalGraph;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalContract;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.core.signal.ValueType;
import dev.prism.runtime.config.PrismConfig;
import dev.prism.server.PrismServer;
import dev.prism.server.ServerConfig;
import dev.prism.store.auth.ApiTokenStore;
import dev.prism.store.db.MetadataDb;
import io.javalin.http.HandlerType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prism tokens} end to end: tokens made by the command, kept in a real SQLite file, checked
 * by a real server over HTTP (the store wired in as serve does), revoked by the command.
 */
class TokensCommandTest {
  static final SignalSpec LEN = new SignalSpec("len", 1);

  @TempDir
  Path tmp;

  String db;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    db = "jdbc:sqlite:" + tmp.resolve("tokens.db");
  }

  static Result run(String... args) {
    CommandLine root = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    int exit = root.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** A real node: the text's length. */
  static final class LenNode implements Node {
    @Override public String name() { return "len"; }
    @Override public Set<SignalSpec> consumes() { return Set.of(); }
    @Override public Set<SignalSpec> produces() { return Set.of(LEN); }
    @Override public Provenance provenance() { return Provenance.ofCode("len", "1", Map.of()); }

    @Override
    public Map<SignalSpec, Column> compute(Batch batch) {
      Column c = new Column(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        c.set(i, new SignalValue.Score(batch.items().get(i).text().length()));
      }
      return Map.of(LEN, c);
    }
  }

  @Test
  void createListRevokeAndTheServerHonoursThem() throws Exception {
    Result reader = run("tokens", "create", "--db", db, "--scope", "read", "--name", "dashboard");
    assertThat(reader.exit()).isEqualTo(ExitCodes.OK);
    String readToken = reader.out().strip();
    assertThat(readToken).matches("prism_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
    assertThat(reader.err()).contains("scope read").contains("cannot be shown again");
    String writeToken = run("tokens", "create", "--db", db, "--scope", "write", "--name", "ingest").out().strip();
    String readId = readToken.substring(6, 18);

    Result list = run("tokens", "list", "--db", db);
    assertThat(list.out()).containsPattern(readId + "\\s+read\\s+active\\s+\\S+\\s+dashboard").contains("ingest")
        .doesNotContain(readToken.substring(19)).doesNotContain(writeToken.substring(19));
    assertThat(run("tokens", "create", "--db", db, "--scope", "root").exit()).isNotZero();

    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(),
        Map.of("server.port", "0", "server.auth.read", "token"));
    try (MetadataDb metadata = MetadataDb.open(db);
        SignalGraph graph = new SignalGraph(List.of(new LenNode()), new ContractRegistry(List.of(new SignalContract(LEN,
            new ValueType.ScoreType(0, 1e9), "len", "test", "text length", "", "", ""))))) {
      ApiTokenStore store = new ApiTokenStore(metadata);
      try (PrismServer server = new PrismServer(graph, cfg, PrismServer.newRegistry(), store, store)) {
        // a write route as a later endpoint would register it: scope write, audited
        server.route(HandlerType.POST, "/v1/echo", Scope.WRITE, ctx -> ctx.status(201).result("stored"));
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        String body = "{\"items\":[{\"id\":\"1\",\"text\":\"abcd\"}]}";

        HttpResponse<String> anonymous = post(http, base + "/v1/signals", body, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"prism\"");
        assertThat(anonymous.body()).contains("this server needs an API token to read (server.auth.read=token)");
        HttpResponse<String> wrong = post(http, base + "/v1/signals", body, readToken.substring(0, readToken.length() - 2) + "xx");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("API token not valid (unknown or revoked)");
        HttpResponse<String> ok = post(http, base + "/v1/signals", body, readToken);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"len@1\":4.0");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).as("probes stay open").isEqualTo(200);

        HttpResponse<String> weak = post(http, base + "/v1/echo", "{}", readToken);
        assertThat(weak.statusCode()).isEqualTo(403);
        assertThat(weak.body()).contains("token 'dashboard' (" + readId + ") has scope read; POST /v1/echo needs write");
        HttpResponse<String> written = post(http, base + "/v1/echo", "{}", writeToken);
        assertThat(written.statusCode()).isEqualTo(201);
        List<AuditEvent> audit = store.audit(10);
        assertThat(audit.get(0)).satisfies(e -> {
          assertThat(e.actor()).isEqualTo(writeToken.substring(6, 18));
          assertThat(e.action()).isEqualTo("POST /v1/echo");
          assertThat(e.outcome()).isEqualTo("201");
          assertThat(e.remote()).isEqualTo("127.0.0.1");
        });
        assertThat(audit).extracting(AuditEvent::action).containsOnlyOnce("POST /v1/echo")
            .contains("tokens.create");

        Result revoked = run("tokens", "revoke", "--db", db, readId);
        assertThat(revoked.out()).contains("revoked " + readId);
        assertThat(post(http, base + "/v1/signals", body, readToken).statusCode()).as("revoked at once").isEqualTo(401);
        assertThat(run("tokens", "revoke", "--db", db, readId).out()).contains("was already revoked");
        assertThat(run("tokens", "list", "--db", db).out()).containsPattern(readId + "\\s+read\\s+revoked");
        assertThat(store.audit(20)).extracting(AuditEvent::action).containsOnlyOnce("tokens.revoke");
      }
    }
  }

  static HttpResponse<String> post(HttpClient http, String url, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
