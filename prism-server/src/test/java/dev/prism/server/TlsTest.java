package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.auth.Scope;
import dev.prism.core.graph.SignalGraph;
import io.javalin.http.HandlerType;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made here with the JDK's keytool, and the access rules without a token store. */
class TlsTest {
  static final String PASSWORD = "test-pass-1234";

  @TempDir
  Path tmp;

  Path keystore() throws Exception {
    Path ks = tmp.resolve("server.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "prism", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return ks;
  }

  @Test
  void servesHttpsFromAConfiguredKeystoreAndNothingInPlainText() throws Exception {
    Path ks = keystore();
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.tls.keystore", ks.toString(),
            "server.tls.keystore_password", PASSWORD)), PrismServer.newRegistry()).start()) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (FileInputStream in = new FileInputStream(ks.toFile())) {
        trust.load(in, PASSWORD.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/v1/signals"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ToyServers.oneItem("t"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"len@1\":3.0");
      assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).startsWith("TLSv1."));
      // plain HTTP to the TLS port gets no answer, and a client without the certificate is refused
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("https://localhost:"
          + server.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  @Test
  void aMissingKeystoreFailsStartUpWithItsPath() {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(node)) {
      assertThatThrownBy(() -> new PrismServer(g, ToyServers.config(Map.of("server.tls.keystore", tmp.resolve("none.p12").toString())),
          PrismServer.newRegistry())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("config server.tls.keystore: cannot read keystore").hasMessageContaining("none.p12");
    }
  }

  /** Without a token store: tokens are refused, writes are refused, reads stay open. */
  @Test
  void withoutATokenStoreWritesAreRefusedAndReadsOpen() throws Exception {
    ToyServers.LenNode node = new ToyServers.LenNode(0, false);
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of()), PrismServer.newRegistry())) {
      server.route(HandlerType.DELETE, "/v1/things/{id}", Scope.ADMIN, ctx -> ctx.status(204));
      server.start();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> del = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/things/7")).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(del.statusCode()).isEqualTo(401);
      assertThat(del.body()).contains("DELETE /v1/things/7 needs an API token of scope admin");
      HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/contracts"))
          .header("Authorization", "Bearer prism_abc").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bearer.statusCode()).isEqualTo(401);
      assertThat(bearer.body()).contains("this server has no token store, so no token is valid");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/contracts")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> new PrismServer(g, ToyServers.config(Map.of("server.auth.read", "token")), PrismServer.newRegistry()))
          .hasMessageContaining("server.auth.read=token needs a token store (prism serve --db URL)");
      assertThat(List.of(del.statusCode(), bearer.statusCode())).containsOnly(401);
    }
  }
}
