package dev.prism.models.vision;

import dev.prism.core.image.RgbImage;
import dev.prism.core.item.MediaRef;
import dev.prism.models.convert.NsfwjsConversion;
import dev.prism.models.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Rough single-thread timings of the nsfwjs pipeline (a measurement, not a test; the benchmark
 * proper belongs in prism-bench): per 768x512 Kodak image, preprocessing (scale + align-corners
 * resize to 224x224 + NCHW) and the ONNX Runtime call, against the raw call on a ready tensor.
 * Decoding is not included. Run: see prism-models/src/main/java/dev/prism/models/convert/CONVERTER.md.
 */
public final class NsfwTiming {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<RgbImage> images = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String f = String.format("kodim%02d.png", i);
      RgbImage img = ImageInputs.decodeInlineInterim(new MediaRef.Inline(NsfwReferenceTest.kodak(f), f));
      if (img.width() == 768 && img.height() == 512) {
        images.add(img);
      }
    }
    try (NsfwNode node = new NsfwNode(OnnxModel.Settings.threads(1))) {
      ImageModel m = node.model();
      List<String> outs = List.of(NsfwjsConversion.PROBABILITIES, NsfwjsConversion.EMBEDDING);
      float[] ready = m.preprocess(List.of(images.get(0)));
      for (int w = 0; w < 10; w++) {
        m.infer(m.preprocess(List.of(images.get(w % images.size()))), 1, outs);
      }
      long pre = 0;
      long run = 0;
      int n = 0;
      for (int r = 0; r < rounds; r++) {
        for (RgbImage img : images) {
          long t0 = System.nanoTime();
          float[] x = m.preprocess(List.of(img));
          long t1 = System.nanoTime();
          m.infer(x, 1, outs);
          long t2 = System.nanoTime();
          pre += t1 - t0;
          run += t2 - t1;
          n++;
        }
      }
      long raw = 0;
      for (int r = 0; r < n; r++) {
        long t0 = System.nanoTime();
        m.infer(ready, 1, outs);
        raw += System.nanoTime() - t0;
      }
      int b = images.size();
      long batched = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        m.infer(m.preprocess(images), b, outs);
        batched += System.nanoTime() - t0;
      }
      System.out.printf("nsfwjs MobileNetV2, 1 intra-op thread, %d images of 768x512, %d runs each%n", images.size(), rounds);
      System.out.printf("  per image, batch 1: preprocess %.2f ms + model %.2f ms = %.2f ms (%.1f images/s)%n",
          pre / 1e6 / n, run / 1e6 / n, (pre + run) / 1e6 / n, n / ((pre + run) / 1e9));
      System.out.printf("  raw ONNX Runtime call on a ready 1x3x224x224 tensor: %.2f ms (%.1f images/s) -> pipeline = %.2f x raw%n",
          raw / 1e6 / n, n / (raw / 1e9), (double) raw / (pre + run));
      System.out.printf("  batch of %d (preprocess + one call): %.2f ms per image%n", b, batched / 1e6 / (rounds * b));
    }
  }
}
