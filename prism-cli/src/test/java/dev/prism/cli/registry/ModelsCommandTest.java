package dev.prism.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prism models} end to end on a real SQLite file and artifact folder, and the same registry
 * behind a real server over HTTP with real API tokens.
 */
class ModelsCommandTest {
  static final Path BUNDLED = Path.of("..", "models", "spam-youtube.v1.json");
  /** {@code sha256sum models/spam-youtube.v1.json}. */
  static final String BUNDLED_SHA = "a43ab21f0144774277b86e0d8aaa938f751c21172136aa4f838dc1243845b386";
  static final ObjectMapper JSON = new ObjectMapper();
  static final SignalSpec LEN = new SignalSpec("len", 1);

  @TempDir Path tmp;
  String db;
  String artifacts;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() {
    db = "jdbc:sqlite:" + tmp.resolve("prism.db");
    artifacts = tmp.resolve("artifacts").toString();
  }

  Result run(String... args) {
    CommandLine root = Prism.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = db;
    all[args.length + 2] = "--artifacts";
    all[args.length + 3] = artifacts;
    int exit = root.execute(all);
    return new Result(exit, out.toString(), err.toString());
  }

  Path v2() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(BUNDLED.toFile());
    root.put("version", "retrained");
    ((ObjectNode) root.at("/provenance/config")).put("l2", "0.1");
    Path out = tmp.resolve("spam-v2.json");
    JSON.writeValue(out.toFile(), root);
    return out;
  }

  @Test
  void registerAliasPromoteDiffAndRollBackFromTheCommandLine() throws Exception {
    Result first = run("models", "register", BUNDLED.toString(), "--note", "bundled head");
    assertThat(first.exit()).as(first.err()).isEqualTo(ExitCodes.OK);
    assertThat(first.out()).contains("registered spam@v1 (spam@1, artifact " + BUNDLED_SHA + ")");
    assertThat(run("models", "register", BUNDLED.toString()).out()).contains("already registered as spam@v1");
    assertThat(Files.exists(tmp.resolve("artifacts").resolve("a4").resolve(BUNDLED_SHA))).isTrue();
    assertThat(run("models", "register", v2().toString()).out()).contains("registered spam@v2");

    assertThat(run("models", "alias", "spam@v1", "production", "--reason", "first release").out())
        .contains("spam@production: (new) -> v1");
    assertThat(run("models", "alias", "spam@v2", "canary", "--reason", "try lower l2").out()).contains("spam@canary: (new) -> v2");
    assertThat(run("models", "alias", "spam@canary", "production", "--reason", "canary passed").out())
        .contains("spam@production: v1 -> v2");

    Result list = run("models", "list");
    assertThat(list.out()).containsPattern("spam@v1\\s+spam@1\\s+a43ab21f0144\\s+\\S+\\s+cli:\\S+\\s*\\n")
        .containsPattern("spam@v2\\s+spam@1\\s+[0-9a-f]{12}\\s+\\S+\\s+cli:\\S+\\s+canary,production");
    Result show = run("models", "show", "spam@production");
    assertThat(show.out()).startsWith("spam@v2  (spam@1)").contains("l2=0.1").contains("metrics test     accuracy=0.9480")
        .contains("production: v1 -> v2  move by cli:").contains(": canary passed");
    Result diff = run("models", "diff", "spam@v1", "spam@production");
    assertThat(diff.out()).contains("spam@v1 -> spam@v2").contains("head_version          d376d31c5163 -> retrained")
        .contains("config l2             0.3 -> 0.1");

    Result back = run("models", "rollback", "spam@production", "--reason", "complaints");
    assertThat(back.out()).contains("spam@production: v2 -> v1 (rolled back)");
    Result again = run("models", "rollback", "spam@production", "--reason", "more");
    assertThat(again.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(again.err()).contains("prism models rollback: spam@production has no earlier target");

    Result events = run("models", "events");
    assertThat(events.out().lines().filter(l -> l.contains("model.registered"))).hasSize(2);
    assertThat(events.out().lines().filter(l -> l.contains("alias.moved"))).hasSize(4);
    assertThat(run("models", "events", "--after", "5").out().lines()).singleElement().asString().startsWith("    6");
    Result noHook = run("models", "events", "--redeliver");
    assertThat(noHook.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(noHook.err()).contains("--redeliver needs at least one --webhook URL");

    try (MetadataDb metadata = MetadataDb.open(db)) {
      assertThat(new ApiTokenStore(metadata).audit(20)).extracting(AuditEvent::action).containsExactlyInAnyOrder(
          "models.register", "models.register", "models.alias", "models.alias", "models.alias", "models.rollback");
    }
  }

  @Test
  void badInputIsOneLineAndChangesNothing() throws Exception {
    Path torn = tmp.resolve("torn.json");
    Files.writeString(torn, Files.readString(BUNDLED).substring(0, 1000));
    Result r = run("models", "register", torn.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err().strip()).startsWith("prism models register: cannot register " + torn + ": not a valid Prism head artifact")
        .doesNotContain("\n");
    assertThat(run("models", "show", "spam@1").err()).contains("@1 is a contract major, not a registry version");
    assertThat(run("models", "alias", "spam@v1", "production").exit()).as("--reason is required").isEqualTo(ExitCodes.USAGE);
    assertThat(run("models", "list").out()).contains("no registered versions");
  }

  /** The registry under /v1/models with API tokens, as `prism serve --db` wires it. */
  @Test
  void theHttpApiReadsOpenlyAndWritesWithAWriteTokenAudited() throws Exception {
    Config cfg = Config.load(PrismConfig.allKeys(ServerConfig.KEYS), null, Map.of(), Map.of("server.port", "0",
        "server.limits.max_body_bytes", "2000000"));
    try (MetadataDb metadata = MetadataDb.open(db);
        SignalGraph graph = new SignalGraph(List.of(new LenNode()), new ContractRegistry(List.of(new SignalContract(LEN,
            new ValueType.ScoreType(0, 1e9), "len", "test", "text length", "", "", ""))))) {
      ApiTokenStore tokens = new ApiTokenStore(metadata);
      String read = tokens.create("dashboard", Scope.READ).secret();
      ApiTokenStore.Created writer = tokens.create("ci", Scope.WRITE);
      // a webhook receiver: the server delivers on a background thread, so the test waits for it
      java.util.concurrent.BlockingQueue<String[]> hooks = new java.util.concurrent.LinkedBlockingQueue<>();
      com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      receiver.createContext("/hook", ex -> {
        hooks.add(new String[] {ex.getRequestHeaders().getFirst("Prism-Signature"),
            new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
        ex.sendResponseHeaders(204, -1);
        ex.close();
      });
      receiver.start();
      String secret = "serve-webhook-secret-0123456789";
      URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
      try (PrismServer server = new PrismServer(graph, cfg, PrismServer.newRegistry(), tokens, tokens)
          .models(RegistryOptions.serverRegistry(metadata, tmp.resolve("artifacts"), List.of(hook), secret)).start()) {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        byte[] artifact = Files.readAllBytes(BUNDLED);

        assertThat(send(http, "POST", base + "/v1/models", artifact, null).statusCode()).isEqualTo(401);
        HttpResponse<String> weak = send(http, "POST", base + "/v1/models", artifact, read);
        assertThat(weak.statusCode()).isEqualTo(403);
        HttpResponse<String> created = send(http, "POST", base + "/v1/models?note=from%20ci", artifact, writer.secret());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode v = JSON.readTree(created.body());
        assertThat(v.get("ref").asText()).isEqualTo("spam@v1");
        assertThat(v.get("artifact_sha256").asText()).isEqualTo(BUNDLED_SHA);
        assertThat(v.get("registered_by").asText()).isEqualTo("token:" + writer.token().id());
        assertThat(v.get("note").asText()).isEqualTo("from ci");
        String[] delivered = hooks.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(delivered).as("webhook delivered").isNotNull();
        JsonNode event = JSON.readTree(delivered[1]);
        assertThat(event.get("type").asText()).isEqualTo("model.registered");
        assertThat(event.at("/data/ref").asText()).isEqualTo("spam@v1");
        String t = delivered[0].replaceFirst("^t=(\\d+),v1=.*$", "$1");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(
            mac.doFinal((t + "." + delivered[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(delivered[0]).isEqualTo("t=" + t + ",v1=" + expected);
        HttpResponse<String> again = send(http, "POST", base + "/v1/models", artifact, writer.secret());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("created").asBoolean()).isFalse();
        HttpResponse<String> corrupt = send(http, "POST", base + "/v1/models", "{\"format\":\"x\"}".getBytes(), writer.secret());
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(corrupt.body()).contains("not a valid Prism head artifact").contains("expected \\\"prism.head\\\"");
        send(http, "POST", base + "/v1/models", Files.readAllBytes(v2()), writer.secret());

        HttpResponse<String> moved = send(http, "PUT", base + "/v1/models/spam/aliases/production",
            "{\"version\":1,\"reason\":\"first release\"}".getBytes(), writer.secret());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        send(http, "PUT", base + "/v1/models/spam/aliases/production", "{\"version\":2,\"reason\":\"v2 better\"}".getBytes(),
            writer.secret());
        JsonNode resolved = JSON.readTree(send(http, "GET", base + "/v1/models/spam/aliases/production", null, null).body());
        assertThat(resolved.get("version").asInt()).isEqualTo(2);
        HttpResponse<String> rollback = send(http, "POST", base + "/v1/models/spam/aliases/production/rollback",
            "{\"reason\":\"alarms\"}".getBytes(), writer.secret());
        assertThat(JSON.readTree(rollback.body()).get("to_version").asInt()).isEqualTo(1);
        assertThat(send(http, "GET", base + "/v1/models/spam/versions/7", null, null).statusCode()).isEqualTo(404);
        assertThat(send(http, "GET", base + "/v1/models/spam/aliases/shadow", null, read).statusCode()).isEqualTo(404);
        JsonNode history = JSON.readTree(send(http, "GET", base + "/v1/models/spam/history", null, null).body()).get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(2).get("kind").asText()).isEqualTo("rollback");
        assertThat(history.get(2).get("reason").asText()).isEqualTo("alarms");
        JsonNode diff = JSON.readTree(send(http, "GET", base + "/v1/models/spam/diff?a=v1&b=v2", null, null).body());
        assertThat(diff.get("config").get(0).get("name").asText()).isEqualTo("l2");
        JsonNode list = JSON.readTree(send(http, "GET", base + "/v1/models?signal=spam", null, null).body());
        assertThat(list.get("versions")).hasSize(2);

        JsonNode api = JSON.readTree(send(http, "GET", base + "/openapi.json", null, null).body()).get("paths");
        assertThat(api.at("/~1v1~1models/post/security/0/apiToken").isArray()).as("documented as needing a token").isTrue();
        for (String route : List.of("/v1/models get", "/v1/models post", "/v1/models/{signal}/versions/{version} get",
            "/v1/models/{signal}/aliases get", "/v1/models/{signal}/aliases/{alias} get", "/v1/models/{signal}/aliases/{alias} put",
            "/v1/models/{signal}/aliases/{alias}/rollback post", "/v1/models/{signal}/history get", "/v1/models/{signal}/diff get")) {
          String[] pm = route.split(" ");
          assertThat(api.path(pm[0]).has(pm[1])).as("OpenAPI documents " + route).isTrue();
        }

        List<AuditEvent> audit = tokens.audit(20);
        assertThat(audit).extracting(AuditEvent::action).contains("POST /v1/models", "PUT /v1/models/{signal}/aliases/{alias}",
            "POST /v1/models/{signal}/aliases/{alias}/rollback");
        assertThat(audit).filteredOn(e -> e.action().equals("POST /v1/models")).extracting(AuditEvent::outcome)
            .containsExactlyInAnyOrder("201", "200", "400", "201");
      } finally {
        receiver.stop(0);
      }
    }
  }

  static HttpResponse<String> send(HttpClient http, String method, String url, byte[] body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A real node: the text's length (the registry routes need a server, not a model). */
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
}
