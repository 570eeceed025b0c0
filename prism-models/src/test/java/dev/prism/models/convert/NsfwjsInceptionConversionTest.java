package dev.prism.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;
import dev.prism.models.vision.ImagePreprocessing;
import dev.prism.models.vision.NsfwNode;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The converter on a second, larger network from the same package: nsfwjs's InceptionV3 (94 Conv2D,
 * BatchNormalization without scale, Concatenate, max and "same" average pooling, 299x299 input),
 * converted in the test (not committed: 95 MB) and compared with nsfwjs itself on three Kodak
 * photographs ({@code nsfwjs/reference-kodak-inception.json}).
 */
class NsfwjsInceptionConversionTest {

  @Test
  void inceptionV3MatchesNsfwjs() throws Exception {
    byte[] onnx = NsfwjsConversion.convert(NsfwjsConversionTest.tarball(), "package/dist/models/inception_v3/", 299);
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("/nsfwjs/reference-kodak-inception.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    ImagePreprocessing pre = new ImagePreprocessing(299, 299, ImagePreprocessing.Resize.BILINEAR_ALIGN_CORNERS, 255.0,
        new float[] {0, 0, 0}, new float[] {1, 1, 1}, ImagePreprocessing.Layout.NCHW);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double maxDiff = 0;
    double minCos = 1;
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, opts)) {
        for (JsonNode r : ref.path("results")) {
          String file = r.path("image").asText();
          byte[] png;
          try (InputStream in = getClass().getResourceAsStream("/kodak/" + file)) {
            png = in.readAllBytes();
          }
          RgbImage img = dev.prism.models.vision.ImageInputsAccess.decode(new MediaRef.Inline(png, file));
          float[] x = new float[pre.size()];
          pre.write(img, x, 0);
          try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), pre.shape(1));
               OrtSession.Result out = session.run(Map.of(NsfwjsConversion.INPUT, t))) {
            float[] p = ((float[][]) out.get(NsfwjsConversion.PROBABILITIES).get().getValue())[0];
            int top = 0;
            for (int c = 0; c < 5; c++) {
              maxDiff = Math.max(maxDiff, Math.abs(p[c] - r.path("probabilities").path(NsfwNode.CLASSES.get(c)).asDouble()));
              top = p[c] > p[top] ? c : top;
            }
            assertEquals(r.path("top_class").asText(), NsfwNode.CLASSES.get(top), file);
            float[] e = ((float[][]) out.get(NsfwjsConversion.EMBEDDING).get().getValue())[0];
            JsonNode f = r.path("features");
            assertEquals(f.size(), e.length);
            double dot = 0, ne = 0, nf = 0;
            for (int k = 0; k < e.length; k++) {
              dot += e[k] * f.get(k).asDouble();
              ne += (double) e[k] * e[k];
              nf += f.get(k).asDouble() * f.get(k).asDouble();
            }
            minCos = Math.min(minCos, dot / Math.sqrt(ne * nf));
          }
        }
      }
    }
    System.out.printf("nsfwjs InceptionV3 reference check: %d images, max |dp| = %.3g, min feature cosine = %.8f%n",
        ref.path("results").size(), maxDiff, minCos);
    assertTrue(maxDiff <= 1e-3, "max |dp| " + maxDiff);
    assertTrue(minCos >= 0.999, "min cosine " + minCos);
  }
}
