package dev.prism.models.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.graph.Batch;
import dev.prism.core.item.ContentItem;
import dev.prism.core.item.MediaRef;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.image.decode.DecodeLimits;
import dev.prism.models.image.decode.SafeImageDecoder;
import dev.prism.models.onnx.OnnxModel;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Where {@code image_embedding@1} puts near-duplicates: each Kodak photograph against 7 edited
 * copies of itself (JPEG 0.5 and 0.2, half size, 10 % centred crop, 10 % one-sided crop, brightness
 * +-10 %) as positives, and every other photograph as negatives. The printed table is the evidence
 * for the index's default threshold ({@code Thresholds.IMAGE_EMBEDDING_MAX_COSINE_DISTANCE} = 0.08 in
 * prism-index, which cannot import this module): no negative pair closer than 0.097 here, and 0.08
 * keeps a margin below it. The network matches content, not pixels, so pHash (HASHING.md) is the
 * sharper duplicate signal; the embedding catches edits hashes miss (one-sided crops).
 */
class ImageEmbeddingNearDuplicateTest {

  static byte[] jpeg(BufferedImage img, float q) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (var o = new MemoryCacheImageOutputStream(b)) { w.setOutput(o); var p = w.getDefaultWriteParam(); p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT); p.setCompressionQuality(q); w.write(null, new IIOImage(img,null,null), p);} w.dispose();
    return b.toByteArray();
  }
  static BufferedImage rgb(BufferedImage s, int x, int y, int w, int h, int tw, int th, float bright) {
    BufferedImage o = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = o.createGraphics(); g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(s, 0,0,tw,th, x,y,x+w,y+h, null); g.dispose();
    if (bright != 1f) new RescaleOp(bright, 0, null).filter(o, o);
    return o;
  }
  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void editedCopiesAreCloserThanOtherPhotographs() throws Exception {
    SafeImageDecoder d = new SafeImageDecoder(DecodeLimits.DEFAULTS);
    List<float[]> orig = new ArrayList<>();
    List<List<float[]>> copies = new ArrayList<>();
    try (NsfwNode n = new NsfwNode(OnnxModel.Settings.threads(2))) {
      for (int i = 1; i <= 24; i++) {
        BufferedImage s;
        try (InputStream in = getClass().getResourceAsStream(String.format(Locale.ROOT, "/kodak/kodim%02d.png", i))) {
          s = ImageIO.read(in);
        }
        int w = s.getWidth();
        int h = s.getHeight();
        List<byte[]> var = List.of(
            jpeg(rgb(s, 0, 0, w, h, w, h, 1f), 0.95f),
            jpeg(rgb(s, 0, 0, w, h, w, h, 1f), 0.5f),
            jpeg(rgb(s, 0, 0, w, h, w, h, 1f), 0.2f),
            jpeg(rgb(s, 0, 0, w, h, w / 2, h / 2, 1f), 0.9f),
            jpeg(rgb(s, w / 20, h / 20, w * 9 / 10, h * 9 / 10, w * 9 / 10, h * 9 / 10, 1f), 0.9f),
            jpeg(rgb(s, w / 10, 0, w * 9 / 10, h, w * 9 / 10, h, 1f), 0.9f),
            jpeg(rgb(s, 0, 0, w, h, w, h, 1.1f), 0.9f),
            jpeg(rgb(s, 0, 0, w, h, w, h, 0.9f), 0.9f));
        List<float[]> e = new ArrayList<>();
        for (byte[] b : var) {
          ContentItem it = new ContentItem("x", "", "", "", new MediaRef.Decoded(d.decode(b), "x"), Map.of());
          e.add(((SignalValue.Embedding) n.compute(new Batch(List.of(it), Map.of())).get(NsfwNode.IMAGE_EMBEDDING).get(0)).vector());
        }
        orig.add(e.get(0));
        copies.add(e.subList(1, e.size()));
      }
    }
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      for (float[] c : copies.get(i)) {
        for (int j = 0; j < 24; j++) {
          (i == j ? pos : neg).add(1 - dot(c, orig.get(j)));
        }
      }
    }
    Collections.sort(pos);
    Collections.sort(neg);
    System.out.printf(Locale.ROOT, "image_embedding@1 cosine distance: copies median %.4f max %.4f; other photographs min %.4f median %.4f%n",
        pos.get(pos.size() / 2), pos.getLast(), neg.getFirst(), neg.get(neg.size() / 2));
    for (double t : new double[] {0.05, 0.08, 0.10, 0.15}) {
      long tp = pos.stream().filter(x -> x <= t).count();
      long fp = neg.stream().filter(x -> x <= t).count();
      System.out.printf(Locale.ROOT, "  threshold %.2f: recall %.3f (%d/%d copies), false pairs %d of %d%n", t,
          tp / (double) pos.size(), tp, pos.size(), fp, neg.size());
    }
    long fpAtDefault = neg.stream().filter(x -> x <= 0.08).count();
    long tpAtDefault = pos.stream().filter(x -> x <= 0.08).count();
    assertThat(fpAtDefault).as("no two different photographs within the default threshold").isZero();
    assertThat(tpAtDefault / (double) pos.size()).as("recall at the default threshold").isGreaterThan(0.7);
    assertThat(pos.get(pos.size() / 2)).as("a typical copy is far closer than any other photograph").isLessThan(neg.getFirst() / 2);
  }
}
