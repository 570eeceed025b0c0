package dev.prism.models.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a pretrained model (or tokenizer) file and their SHA-256, read from the classpath.
 * Models come from jars the build already resolves from Maven Central (see DESIGN.md), never from
 * a model hub at run time. The checksum goes into every value's provenance.
 */
public record ModelArtifact(String resource, byte[] bytes, String sha256) {

  public static ModelArtifact fromClasspath(String resource) {
    try (InputStream in = ModelArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("model resource " + resource + " is not on the classpath;"
            + " it ships in a Maven dependency of prism-models (see prism-models/MODELS.md)");
      }
      byte[] bytes = in.readAllBytes();
      return new ModelArtifact(resource, bytes, sha256(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resource " + resource, e);
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public InputStream open() {
    return new java.io.ByteArrayInputStream(bytes);
  }

  @Override
  public String toString() {
    return "ModelArtifact[" + resource + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
  }
}
