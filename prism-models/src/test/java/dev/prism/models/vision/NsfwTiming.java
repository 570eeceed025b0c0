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
 * Decoding is not included. Command and measured numbers: prism-models/MODELS.md.
 */
public final class NsfwTiming {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<RgbImage> images = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String f = String.format("kodim%02d.png", i);
      RgbImage img = ImageInputs.pixels(new MediaRef.Inline(NsfwReferenceTest.kodak(f), f));
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
      // pipeline and raw calls alternate, so load from other processes hits both alike; medians
      // are reported because the shared machine's load makes means drift
      int n = rounds * images.size();
      double[] pre = new double[n];
      double[] run = new double[n];
      double[] raw = new double[n];
      int k = 0;
      for (int r = 0; r < rounds; r++) {
        for (RgbImage img : images) {
          long t0 = System.nanoTime();
          float[] x = m.preprocess(List.of(img));
          long t1 = System.nanoTime();
          m.infer(x, 1, outs);
          long t2 = System.nanoTime();
          m.infer(ready, 1, outs);
          long t3 = System.nanoTime();
          pre[k] = (t1 - t0) / 1e6;
          run[k] = (t2 - t1) / 1e6;
          raw[k] = (t3 - t2) / 1e6;
          k++;
        }
      }
      int b = images.size();
      double[] batched = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        m.infer(m.preprocess(images), b, outs);
        batched[r] = (System.nanoTime() - t0) / 1e6 / b;
      }
      double[] total = new double[n];
      for (int i = 0; i < n; i++) {
        total[i] = pre[i] + run[i];
      }
      System.out.printf("nsfwjs MobileNetV2, 1 intra-op thread, %d images of 768x512, %d rounds (medians)%n", images.size(), rounds);
      System.out.printf("  per image, batch 1: preprocess %.2f ms + model %.2f ms; preprocess + model %.2f ms (%.1f images/s)%n",
          median(pre), median(run), median(total), 1000 / median(total));
      System.out.printf("  raw ONNX Runtime call on a ready 1x3x224x224 tensor: %.2f ms (%.1f images/s) -> pipeline = %.2f x raw%n",
          median(raw), 1000 / median(raw), median(raw) / median(total));
      System.out.printf("  batch of %d (preprocess + one call): %.2f ms per image%n", b, median(batched));
    }
  }

  static double median(double[] a) {
    double[] s = a.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
