package dev.prism.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prism.core.graph.SignalGraph;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A client that hangs up while its request waits for a batch is noticed, and its items are never computed. */
class ClientGoneTest {

  @Test
  void addressesAreWrittenAsProcNetTcpWritesThem() throws Exception {
    // 127.0.0.1 is bytes 7F 00 00 01; /proc prints the 32-bit word little-endian: 0100007F
    assertThat(ClientGoneWatch.procHex(InetAddress.getByName("127.0.0.1"))).isEqualTo("0100007F");
    // an IPv4-mapped IPv6 client (a dual-stack socket) is written as its IPv4 address
    assertThat(ClientGoneWatch.procHex(InetAddress.getByName("::ffff:10.1.2.3"))).isEqualTo("0302010A");
    // ::1: the last word 00 00 00 01 printed little-endian
    assertThat(ClientGoneWatch.procHex(InetAddress.getByName("::1"))).isEqualTo("00000000000000000000000001000000");
  }

  @Test
  void closeWaitLinesOfBothTablesAreParsed() {
    // lines in the format of this machine's /proc/net/tcp6 and tcp (st 01 ESTABLISHED, 08 CLOSE_WAIT, 0A LISTEN)
    List<String> tcp6 = List.of(
        "  sl  local_address                         remote_address                        st tx_queue rx_queue",
        "   0: 0000000000000000FFFF00000100007F:B49D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000",
        "   1: 0000000000000000FFFF00000100007F:B49D 0000000000000000FFFF00000100007F:D37A 08 00000000:00000000 00:00000000",
        "   2: 0000000000000000FFFF00000100007F:B49D 0000000000000000FFFF00000100007F:D37B 01 00000000:00000000 00:00000000",
        "   3: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:9C40 08 00000000:00000000 00:00000000");
    assertThat(ClientGoneWatch.closeWait(tcp6)).containsExactlyInAnyOrder(
        new ClientGoneWatch.Peer("0100007F", 0xD37A, 0xB49D),
        new ClientGoneWatch.Peer("00000000000000000000000001000000", 0x9C40, 0x1F90));
    List<String> tcp = List.of("   0: 0100007F:1F90 0100007F:C350 08 00000000:00000000 00:00000000 00000000 0 0 123");
    assertThat(ClientGoneWatch.closeWait(tcp)).containsExactly(new ClientGoneWatch.Peer("0100007F", 50000, 8080));
  }

  @Test
  void aRequestWhoseClientHungUpIsDroppedBeforeTheModel() throws Exception {
    assumeTrue(Files.isReadable(ClientGoneWatch.PROC_TABLES.get(0)), "needs Linux /proc/net/tcp");
    ToyServers.LenNode node = new ToyServers.LenNode(1, true);
    var registry = PrismServer.newRegistry();
    try (SignalGraph g = ToyServers.graph(node);
        PrismServer server = new PrismServer(g, ToyServers.config(Map.of("server.batch.workers", "1",
            "server.client_gone_check_ms", "50")), registry).start()) {
      String url = "http://127.0.0.1:" + server.port() + "/v1/signals";
      HttpClient http = HttpClient.newHttpClient();
      // the only worker is held inside the gated node by this request
      CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"items\":[{\"id\":\"first\",\"text\":\"a\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(200);
      // a second client sends its request, which queues, and hangs up
      String body = "{\"items\":[{\"id\":\"victim\",\"text\":\"bb\"}]}";
      try (Socket s = RawHttp.open(server.port(), 5000)) {
        RawHttp.send(s, "POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        Thread.sleep(300);
      }
      long until = System.nanoTime() + 5_000_000_000L;
      while (registry.find("prism.client.gone").functionCounter().count() < 1 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(registry.find("prism.client.gone").functionCounter().count()).isEqualTo(1.0);
      node.gate.countDown();
      assertThat(first.get().statusCode()).isEqualTo(200);
      // a later request still runs, and by then the batcher has passed the cancelled one
      HttpResponse<String> later = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"id\":\"later\",\"text\":\"ccc\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(later.statusCode()).isEqualTo(200);
      assertThat(node.computedIds).containsExactly("first", "later");
      assertThat(registry.find("prism.batcher.dropped").tag("reason", "abandoned").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.scrape()).contains("prism_errors_total{kind=\"client_gone\"} 1.0")
          .contains("status=\"499\"");
    }
  }
}
