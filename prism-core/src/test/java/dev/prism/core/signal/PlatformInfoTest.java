package dev.prism.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.io.SignalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformInfoTest {

  @Test
  void currentPlatformAgreesWithTheKernel() throws Exception {
    Path release = Path.of("/proc/sys/kernel/osrelease");
    assumeTrue(Files.isReadable(release), "the kernel release is read from /proc on Linux only");
    PlatformInfo p = PlatformInfo.current();
    // the reference is the kernel itself, not the JVM's system properties
    assertThat(p.os()).isEqualTo("Linux " + Files.readString(release).strip());
    Path arch = Path.of("/proc/sys/kernel/arch");
    if (Files.isReadable(arch)) { // Linux 6.1+
      String machine = Files.readString(arch).strip();
      assertThat(p.arch()).isEqualTo(Map.of("x86_64", "amd64").getOrDefault(machine, machine));
    }
    assertThat(p.cpus()).isBetween(1, Runtime.getRuntime().availableProcessors());
    assertThat(p.jvm()).contains(Runtime.version().feature() + ".");
  }

  @Test
  void jsonFormRoundTripsAndRejectsBadFields() {
    PlatformInfo p = new PlatformInfo("Eclipse Adoptium 25.0.3+9-LTS", "Linux 6.1.0", "amd64", 2);
    ObjectNode o = SignalJson.platform(p);
    assertThat(o.toString()).isEqualTo("{\"jvm\":\"Eclipse Adoptium 25.0.3+9-LTS\",\"os\":\"Linux 6.1.0\",\"arch\":\"amd64\",\"cpus\":2}");
    assertThat(SignalJson.platform(o, "platform")).isEqualTo(p);

    ObjectNode noCpus = o.deepCopy();
    noCpus.remove("cpus");
    assertThatThrownBy(() -> SignalJson.platform(noCpus, "provenance.platform"))
        .hasMessage("provenance.platform.cpus must be an integer, got null");
    ObjectNode zero = o.deepCopy().put("cpus", 0);
    assertThatThrownBy(() -> SignalJson.platform(zero, "p")).hasMessage("p: platform cpus must be >= 1, got 0");
    assertThatThrownBy(() -> new PlatformInfo(" ", "Linux", "amd64", 1)).hasMessage("platform jvm must be a non-empty string, got ' '");
  }

  @Test
  void provenanceCarriesThePlatformOfThisProcessUnlessGivenOne() {
    Provenance here = new Provenance("m", "1", "", "v", Map.of("k", "x"));
    assertThat(here.platform()).isEqualTo(PlatformInfo.current());
    JsonNode json = SignalJson.provenance(here);
    assertThat(json.get("platform").get("arch").asText()).isEqualTo(PlatformInfo.current().arch());
    assertThat(json.get("platform").get("cpus").asInt()).isEqualTo(PlatformInfo.current().cpus());

    PlatformInfo elsewhere = new PlatformInfo("Other 21", "Mac OS X 14.5", "aarch64", 10);
    Provenance there = new Provenance("m", "1", "ab", "v", Map.of("k", "x"), elsewhere);
    Provenance back = SignalJson.provenance(SignalJson.provenance(there), "p");
    assertThat(back).isEqualTo(there);
    assertThat(back.platform()).isEqualTo(elsewhere);
  }

  @Test
  void provenanceConfigIsWrittenInSortedKeyOrder() {
    Provenance p = new Provenance("m", "1", "", "v", Map.of("tokenizer_sha256", "t", "pooling", "mean", "max_tokens", "256", "normalize", "l2"));
    assertThat(SignalJson.provenance(p).get("config").properties()).extracting(Map.Entry::getKey)
        .containsExactly("max_tokens", "normalize", "pooling", "tokenizer_sha256");
  }
}
