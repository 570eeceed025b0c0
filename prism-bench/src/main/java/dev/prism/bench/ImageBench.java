package dev.prism.bench;

import dev.prism.core.graph.Batch;
import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;
import dev.prism.core.image.RgbImage;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.CodeVersion;
import dev.prism.models.convert.NsfwjsConversion;
import dev.prism.models.image.decode.DecodeLimits;
import dev.prism.models.image.decode.SafeImageDecoder;
import dev.prism.models.onnx.OnnxModel;
import dev.prism.models.vision.ImageModel;
import dev.prism.models.vision.NsfwNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Per-image cost of the image signals, the way {@code prism score} and {@code prism serve} pay it:
 * safe decode of a JPEG, nsfwjs preprocessing (align-corners bilinear resize to 224x224, NCHW) and
 * the ONNX Runtime call that yields {@code nsfw@1} and {@code image_embedding@1}, one image per
 * call (the single-item shape), on 1 and on 2 threads. The ceiling is the raw ONNX Runtime call on
 * a ready 1x3x224x224 tensor on the same number of threads, measured in the same run, interleaved
 * round by round with the pipeline so that load from other processes hits both alike.
 *
 * <p>Inputs: the 24 Kodak photographs (768x512, 0.39 MP) encoded as JPEG quality 0.9, and the same
 * photographs scaled by 1.5 (1152x768, 0.88 MP): the 0.5-1 MP range of user uploads.
 */
public final class ImageBench {

  /** Options; {@code kodak} is the folder with kodim01.png .. kodim24.png. */
  public record Options(Path kodak, int rounds, List<Integer> threads, Path out) {
    public Options {
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
      }
      if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
        throw new IllegalArgumentException("--threads must list thread counts >= 1, got " + threads);
      }
    }
  }

  /** JPEG quality of the encoded inputs (a typical upload's quality). */
  static final float JPEG_QUALITY = 0.9f;
  static final List<String> OUTPUTS = List.of(NsfwjsConversion.PROBABILITIES, NsfwjsConversion.EMBEDDING);

  private final Options o;

  public ImageBench(Options o) {
    this.o = o;
  }

  public int run() throws Exception {
    Map<String, List<byte[]>> sets = new LinkedHashMap<>();
    sets.put("768x512 (0.39 MP)", jpegs(1.0));
    sets.put("1152x768 (0.88 MP)", jpegs(1.5));
    SafeImageDecoder decoder = new SafeImageDecoder(DecodeLimits.DEFAULTS);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("date", Instant.now().toString());
    results.put("code_version", CodeVersion.get());
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("java", Runtime.version().toString());
    results.put("rounds", o.rounds());
    List<Map<String, Object>> rows = new ArrayList<>();
    // one intra-op thread per call: concurrency comes from callers, as in the server's workers
    try (NsfwNode node = new NsfwNode(OnnxModel.Settings.threads(1))) {
      ImageModel model = node.model();
      float[] ready = model.preprocess(List.of(decoder.decode(sets.values().iterator().next().get(0)).pixels()));
      System.out.printf(Locale.ROOT, "nsfwjs MobileNetV2 (nsfw@1 + image_embedding@1), one image per call, 1 intra-op thread%n");
      breakdown(sets, decoder, model, results);
      for (Map.Entry<String, List<byte[]>> set : sets.entrySet()) {
        for (int t : o.threads()) {
          double[] r = compare(t, set.getValue(), decoder, node, model, ready);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("images", set.getKey());
          row.put("threads", t);
          row.put("ceiling_images_per_s", r[0]);
          row.put("pipeline_images_per_s", r[1]);
          row.put("pipeline_over_ceiling", r[1] / r[0]);
          rows.add(row);
          System.out.printf(Locale.ROOT, "  %-20s %d thread(s): raw ONNX call %7.1f images/s, decode+preprocess+model %7.1f images/s"
              + " -> %.2f x ceiling%n", set.getKey(), t, r[0], r[1], r[1] / r[0]);
        }
      }
    }
    results.put("runs", rows);
    write(results);
    return 0;
  }

  /** Median milliseconds per stage on one thread, for the report's breakdown. */
  private void breakdown(Map<String, List<byte[]>> sets, SafeImageDecoder decoder, ImageModel model, Map<String, Object> results)
      throws ImageDecodeException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<byte[]>> set : sets.entrySet()) {
      List<byte[]> imgs = set.getValue();
      int n = imgs.size() * Math.max(1, o.rounds() / 2);
      double[] dec = new double[n];
      double[] pre = new double[n];
      double[] inf = new double[n];
      for (int w = 0; w < imgs.size(); w++) { // warm-up
        model.infer(model.preprocess(List.of(decoder.decode(imgs.get(w)).pixels())), 1, OUTPUTS);
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        RgbImage px = decoder.decode(imgs.get(i % imgs.size())).pixels();
        long t1 = System.nanoTime();
        float[] x = model.preprocess(List.of(px));
        long t2 = System.nanoTime();
        model.infer(x, 1, OUTPUTS);
        long t3 = System.nanoTime();
        dec[i] = (t1 - t0) / 1e6;
        pre[i] = (t2 - t1) / 1e6;
        inf[i] = (t3 - t2) / 1e6;
      }
      System.out.printf(Locale.ROOT, "  %-20s median ms per image: decode %.2f, preprocess %.2f, model %.2f%n",
          set.getKey(), median(dec), median(pre), median(inf));
      out.put(set.getKey(), Map.of("decode_ms", median(dec), "preprocess_ms", median(pre), "model_ms", median(inf)));
    }
    results.put("breakdown_median_ms_one_thread", out);
  }

  /**
   * {ceiling, pipeline} images/s on {@code threads} threads; rounds alternate the two, and each
   * side's rate is its total images over its total time.
   */
  private double[] compare(int threads, List<byte[]> jpegs, SafeImageDecoder decoder, NsfwNode node, ImageModel model,
      float[] ready) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      int perThread = jpegs.size();
      runOn(pool, threads, perThread, i -> model.infer(ready, 1, OUTPUTS)); // warm-up
      runOn(pool, threads, perThread, i -> pipeline(jpegs.get(i % jpegs.size()), decoder, node));
      long ceilingNanos = 0;
      long pipelineNanos = 0;
      for (int r = 0; r < o.rounds(); r++) {
        long t0 = System.nanoTime();
        runOn(pool, threads, perThread, i -> model.infer(ready, 1, OUTPUTS));
        long t1 = System.nanoTime();
        runOn(pool, threads, perThread, i -> pipeline(jpegs.get(i % jpegs.size()), decoder, node));
        long t2 = System.nanoTime();
        ceilingNanos += t1 - t0;
        pipelineNanos += t2 - t1;
      }
      double images = (double) threads * perThread * o.rounds();
      return new double[] {images / (ceilingNanos / 1e9), images / (pipelineNanos / 1e9)};
    } finally {
      pool.shutdownNow();
    }
  }

  /** One image through what a run does per item: decode, then the node (preprocess, model, postprocess). */
  private static void pipeline(byte[] jpeg, SafeImageDecoder decoder, NsfwNode node) throws ImageDecodeException {
    DecodedImage img = decoder.decode(jpeg);
    ContentItem item = new ContentItem("x", "", "", "", new MediaRef.Decoded(img, "bench"), Map.of());
    var out = node.compute(new Batch(List.of(item), Map.of()));
    if (!out.get(NsfwNode.NSFW).ok(0)) {
      throw new IllegalStateException("bench image failed: " + out.get(NsfwNode.NSFW).error(0));
    }
  }

  interface Work {
    void run(int i) throws Exception;
  }

  private static void runOn(ExecutorService pool, int threads, int perThread, Work w) throws Exception {
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 7; // threads start on different images
      fs.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          w.run(offset + i);
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
  }

  /** The Kodak photographs scaled by {@code scale} (bicubic) and encoded as JPEG. */
  private List<byte[]> jpegs(double scale) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i <= 24; i++) {
      Path p = o.kodak().resolve(String.format(Locale.ROOT, "kodim%02d.png", i));
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("Kodak photograph " + p + " not found (--kodak DIR holds kodim01.png .. kodim24.png)");
      }
      BufferedImage src = ImageIO.read(p.toFile());
      BufferedImage img = src;
      if (scale != 1.0) {
        int w = (int) Math.round(src.getWidth() * scale);
        int h = (int) Math.round(src.getHeight() * scale);
        img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
      } else if (src.getType() != BufferedImage.TYPE_INT_RGB) {
        img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
      }
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(ios);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
      out.add(bytes.toByteArray());
    }
    return out;
  }

  private void write(Map<String, Object> results) throws IOException {
    Files.createDirectories(o.out());
    String stamp = results.get("date").toString().replace(':', '-').replaceAll("\\.\\d+Z$", "");
    String json = dev.prism.core.io.SignalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results);
    Files.writeString(o.out().resolve("image-signals-" + stamp + ".json"), json);
    StringBuilder md = new StringBuilder("# Image signals: per-image cost (`prism bench images`)\n\n");
    md.append("Run ").append(results.get("date")).append(", code ").append(results.get("code_version")).append(", ")
        .append(results.get("cores")).append(" cores, Java ").append(results.get("java")).append(".\n\n");
    md.append("| images | threads | raw ONNX call (ceiling), images/s | decode + preprocess + model, images/s | pipeline / ceiling |\n");
    md.append("| --- | ---: | ---: | ---: | ---: |\n");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) results.get("runs");
    for (Map<String, Object> r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f |%n", r.get("images"), r.get("threads"),
          r.get("ceiling_images_per_s"), r.get("pipeline_images_per_s"), r.get("pipeline_over_ceiling")));
    }
    md.append("\nMedian ms per image on one thread: ").append(results.get("breakdown_median_ms_one_thread")).append("\n");
    Files.writeString(o.out().resolve("image-signals-latest.md"), md.toString());
    System.out.println("results: " + o.out().resolve("image-signals-latest.md"));
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
