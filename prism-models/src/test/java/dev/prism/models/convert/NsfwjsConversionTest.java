package dev.prism.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.models.onnx.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Re-runs the conversion from the pinned npm tarball and checks it gives the committed ONNX file
 * byte for byte. The tarball is downloaded once from the npm registry into
 * {@code ~/.cache/prism/npm/} and verified against its pinned integrity; the test is skipped (with
 * the reason) only when the registry cannot be reached.
 */
class NsfwjsConversionTest {
  static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "prism", "npm", "nsfwjs-" + NsfwjsConversion.VERSION + ".tgz");

  static byte[] tarball() throws Exception {
    if (Files.isRegularFile(CACHE)) {
      byte[] b = Files.readAllBytes(CACHE);
      try {
        NpmTarball.verify(b, NsfwjsConversion.INTEGRITY);
        return b;
      } catch (IllegalArgumentException corrupt) {
        Files.delete(CACHE); // a torn or foreign download: fetch again
      }
    }
    byte[] b;
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(NsfwjsConversion.TARBALL_URL))
          .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofByteArray());
      Assumptions.assumeTrue(r.statusCode() == 200, "npm registry answered HTTP " + r.statusCode() + " for " + NsfwjsConversion.TARBALL_URL
          + "; conversion check skipped");
      b = r.body();
    } catch (IOException e) {
      Assumptions.abort("npm registry unreachable (" + e + "); conversion check skipped");
      return null;
    }
    NpmTarball.verify(b, NsfwjsConversion.INTEGRITY); // a mismatch fails the test: never convert unverified bytes
    Files.createDirectories(CACHE.getParent());
    Path tmp = Files.createTempFile(CACHE.getParent(), "nsfwjs", ".part");
    Files.write(tmp, b);
    Files.move(tmp, CACHE, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return b;
  }

  @Test
  void conversionOfThePinnedPackageGivesTheCommittedModel() throws Exception {
    byte[] tgz = tarball();
    assertEquals(NsfwjsConversion.TARBALL_SHA256, ModelArtifact.sha256(tgz));
    byte[] converted = NsfwjsConversion.convert(tgz);
    ModelArtifact committed = ModelArtifact.fromClasspath(NsfwjsConversion.RESOURCE);
    JsonNode provenance;
    try (InputStream in = getClass().getResourceAsStream(NsfwjsConversion.PROVENANCE_RESOURCE)) {
      provenance = new ObjectMapper().readTree(in);
    }
    assertEquals(provenance.path("sha256").asText(), committed.sha256(), "provenance.json names the committed file");
    assertEquals(NsfwjsConversion.TARBALL_SHA256, provenance.path("source").path("tarball_sha256").asText());
    assertEquals(NsfwjsConversion.INTEGRITY, provenance.path("source").path("integrity").asText());
    assertEquals(KerasToOnnx.CONVERTER_VERSION, provenance.path("converter").path("version").asText());
    assertEquals(committed.sha256(), ModelArtifact.sha256(converted), "re-conversion gives the committed bytes");
    assertArrayEquals(converted, NsfwjsConversion.convert(tgz), "conversion is deterministic");
  }
}
