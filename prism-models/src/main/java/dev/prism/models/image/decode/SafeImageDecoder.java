package dev.prism.models.image.decode;

import dev.prism.core.image.DecodedImage;
import dev.prism.core.image.ImageDecodeException;
import dev.prism.core.image.ImageDecoder;
import dev.prism.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG (baseline, progressive, CMYK/YCCK), PNG (any bit depth, palette, grey, alpha), GIF
 * (first frame), WebP (lossy, lossless) and BMP into {@link DecodedImage}, within
 * {@link DecodeLimits}, or fails with an {@link ImageDecodeException} whose message says what is
 * wrong ("truncated JPEG: ...", "image is 50000x50000 = 2.5e9 pixels, over image.max_pixels=...").
 *
 * <p>Order of work, cheapest refusal first: encoded size; format from the magic bytes; width and
 * height from the header (no pixel decoded yet) against the pixel and dimension limits; the read,
 * subsampled at read time when the image is over {@code image.max_decoded_pixels}; conversion to
 * 8-bit RGB over white; EXIF orientation. Every {@link Throwable} a codec raises on hostile data
 * (runtime exceptions, {@link StackOverflowError}, an {@link OutOfMemoryError} from one huge
 * allocation) becomes an {@link ImageDecodeException}; nothing escapes to the caller.
 *
 * <p>Thread-safe: each call makes its own {@link ImageReader} (readers hold per-image state) and
 * reads from memory ({@link GuardedImageInputStream}), so ImageIO's disk cache is never used
 * and no global ImageIO setting is changed. A thread interrupt during the read aborts it (the
 * media stage interrupts a decode that outlives its time limit), and so does a codec that keeps
 * reading past the end of the data. See DECODING.md.
 */
public final class SafeImageDecoder implements ImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(SafeImageDecoder.class);

  private final DecodeLimits limits;
  /**
   * TwelveMonkeys' readers as ImageIO registered them (the JPEG one finds the JDK reader it
   * delegates to at registration), looked up by class so that the JDK's JPEG reader, which cannot
   * read CMYK/YCCK, is never picked by accident.
   */
  private final ImageReaderSpi jpegSpi;
  private final ImageReaderSpi webpSpi;

  /** Throws {@link IllegalStateException} when TwelveMonkeys' readers are not registered with ImageIO. */
  public SafeImageDecoder(DecodeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    IIORegistry registry = IIORegistry.getDefaultInstance();
    this.jpegSpi = registry.getServiceProviderByClass(com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi.class);
    this.webpSpi = registry.getServiceProviderByClass(com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi.class);
    if (jpegSpi == null || webpSpi == null) {
      throw new IllegalStateException("TwelveMonkeys ImageIO readers (imageio-jpeg, imageio-webp) are not registered "
          + "with ImageIO: they must be on the class path that ImageIO scans");
    }
  }

  public DecodeLimits limits() {
    return limits;
  }

  @Override
  public DecodedImage decode(byte[] encoded) throws ImageDecodeException {
    if (encoded == null || encoded.length == 0) {
      throw new ImageDecodeException("empty image: no bytes to decode");
    }
    if (encoded.length > limits.maxEncodedBytes()) {
      throw new ImageDecodeException("image is " + encoded.length + " bytes, over image.max_encoded_bytes="
          + limits.maxEncodedBytes());
    }
    ImageFormat format = ImageFormat.detect(encoded).orElse(null);
    if (format == null) {
      throw new ImageDecodeException("not a supported image: " + ImageFormat.describeUnsupported(encoded)
          + "; supported are JPEG, PNG, GIF, WebP and BMP");
    }
    try {
      return read(format, encoded);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (OutOfMemoryError e) {
      // One allocation sized by hostile header fields can exceed the heap; it failed, nothing was
      // kept, and the rest of the process is fine. A heap that is simply full fails the same way.
      throw new ImageDecodeException("corrupt or oversized " + format.display + ": decoding needed more memory than "
          + "is available (" + e.getMessage() + ")", e);
    } catch (StackOverflowError e) {
      throw new ImageDecodeException("corrupt " + format.display + ": the codec recursed too deeply on this file", e);
    } catch (Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof GuardedImageInputStream.Stop stop) {
          throw stop.interrupted
              ? new ImageDecodeException(format.display + " decoding was interrupted (time limit of the media stage)")
              : new ImageDecodeException("truncated " + format.display + ": " + stop.getMessage(), e);
        }
      }
      throw failure(format, encoded, e);
    }
  }

  private DecodedImage read(ImageFormat format, byte[] bytes) throws Exception {
    ImageReader reader = reader(format);
    Listener listener = new Listener();
    try (ImageInputStream in = new GuardedImageInputStream(bytes)) {
      // seekForwardOnly: nothing before the current position is kept; ignoreMetadata: EXIF and
      // text chunks are not parsed into metadata trees (orientation is read by ExifOrientation).
      reader.setInput(in, true, true);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      checkDimensions(format, w, h);
      int orientation = switch (format) {
        case JPEG -> ExifOrientation.ofJpeg(bytes);
        case WEBP -> ExifOrientation.ofWebp(bytes);
        default -> 1;
      };
      int s = limits.subsampling(w, h);
      ImageReadParam param = reader.getDefaultReadParam();
      if (s > 1) {
        param.setSourceSubsampling(s, s, 0, 0);
      }
      reader.addIIOReadWarningListener(listener);
      reader.addIIOReadProgressListener(listener);
      BufferedImage img = reader.read(0, param);
      if (listener.aborted || Thread.currentThread().isInterrupted()) {
        throw new ImageDecodeException(format.display + " decoding was interrupted (time limit of the media stage)");
      }
      if (img == null) {
        throw new ImageDecodeException("corrupt " + format.display + ": the codec returned no image");
      }
      boolean complete = endsProperly(format, bytes);
      if (!complete && (format == ImageFormat.WEBP || format == ImageFormat.BMP)) {
        // Both declare their length up front, and their readers fill pixels past the end of a cut
        // file with zeros instead of failing: a file shorter than it says is truncated.
        throw new ImageDecodeException("truncated " + format.display + ": " + endNote(format, bytes) + " (declared "
            + (format == ImageFormat.WEBP ? le32(bytes, 4) + 8 : le32(bytes, 2)) + ")");
      }
      String truncation = listener.truncationWarning(complete);
      if (truncation != null) {
        throw new ImageDecodeException("truncated " + format.display + ": " + endNote(format, bytes) + " (" + truncation + ")");
      }
      for (String warning : listener.warnings) {
        log.debug("{} decoded with a codec warning: {}", format.display, warning);
      }
      int ew = (int) ((w + (long) s - 1) / s);
      int eh = (int) ((h + (long) s - 1) / s);
      if (img.getWidth() != ew || img.getHeight() != eh) {
        throw new ImageDecodeException("corrupt " + format.display + ": header says " + w + "x" + h + " but the codec "
            + "decoded " + img.getWidth() + "x" + img.getHeight() + (s > 1 ? " at subsampling " + s : ""));
      }
      RgbImage rgb = ExifOrientation.apply(RgbConversion.toRgb(img), orientation);
      boolean swap = ExifOrientation.swapsAxes(orientation);
      return new DecodedImage(rgb, format.id, bytes.length, swap ? h : w, swap ? w : h, s);
    } finally {
      reader.dispose();
    }
  }

  /** Refuses images whose header declares too many pixels or too long a side, before any pixel is read. */
  private void checkDimensions(ImageFormat format, int w, int h) throws ImageDecodeException {
    if (w < 1 || h < 1) {
      throw new ImageDecodeException("corrupt " + format.display + ": header declares " + w + "x" + h + " pixels");
    }
    long pixels = (long) w * h;
    if (pixels > limits.maxPixels()) {
      throw new ImageDecodeException("image is " + w + "x" + h + " = " + sci(pixels) + " pixels, over image.max_pixels="
          + limits.maxPixels() + " (a decompression bomb, or a larger image than this service decodes)");
    }
    if (w > limits.maxDimension() || h > limits.maxDimension()) {
      throw new ImageDecodeException("image is " + w + "x" + h + ", a side over image.max_dimension=" + limits.maxDimension());
    }
  }

  /** {@code 2.5e9} style for large counts, exact below ten million. */
  static String sci(long n) {
    if (n < 10_000_000) {
      return Long.toString(n);
    }
    String s = String.format(Locale.ROOT, "%.2g", (double) n).replace("e+0", "e").replace("e+", "e");
    return s;
  }

  /** A fresh reader for {@code format}: TwelveMonkeys for JPEG and WebP, the JDK's for the others. */
  private ImageReader reader(ImageFormat format) throws Exception {
    return switch (format) {
      case JPEG -> jpegSpi.createReaderInstance();
      case WEBP -> webpSpi.createReaderInstance();
      default -> {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.id);
        ImageReader chosen = null;
        while (it.hasNext()) {
          ImageReader r = it.next();
          if (chosen == null || r.getClass().getName().startsWith("com.sun.imageio.")) {
            chosen = r; // the JDK's reader when present: the one the tests compare against
          }
        }
        if (chosen == null) {
          throw new ImageDecodeException("no " + format.display + " reader on this JVM (java.desktop's ImageIO plugins)");
        }
        yield chosen;
      }
    };
  }

  /** Turns a codec's exception into "truncated X: ..." or "corrupt X: ...". */
  private static ImageDecodeException failure(ImageFormat format, byte[] bytes, Throwable e) {
    String detail = describe(e);
    boolean eof = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      eof |= t instanceof EOFException || t instanceof java.util.zip.ZipException && String.valueOf(t.getMessage()).contains("end");
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      eof |= m.contains("premature end") || m.contains("unexpected end") || m.contains("end of stream")
          || m.contains("end of file") || m.contains("eof");
    }
    if (eof || !endsProperly(format, bytes)) {
      return new ImageDecodeException("truncated " + format.display + ": " + endNote(format, bytes) + " (" + detail + ")", e);
    }
    return new ImageDecodeException("corrupt " + format.display + ": " + detail, e);
  }

  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    String last = null;
    for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause()) {
      String m = t.getMessage();
      String part = m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
      if (!part.equals(last)) {
        sb.append(sb.isEmpty() ? "" : ": ").append(part);
      }
      last = part;
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.length() > 300 ? sb.substring(0, 300) + "..." : sb.toString();
  }

  /** What the end of the file says about truncation, for messages. */
  private static String endNote(ImageFormat format, byte[] b) {
    return endsProperly(format, b)
        ? "data ends early inside the " + b.length + "-byte file"
        : "the file ends after " + b.length + " bytes, without its " + trailerName(format);
  }

  private static String trailerName(ImageFormat f) {
    return switch (f) {
      case JPEG -> "end-of-image marker";
      case PNG -> "IEND chunk";
      case GIF -> "trailer byte";
      case WEBP, BMP -> "declared length";
    };
  }

  /** Whether the file ends as a complete file of its format does (a cheap, codec-independent truncation check). */
  static boolean endsProperly(ImageFormat format, byte[] b) {
    int n = b.length;
    return switch (format) {
      case JPEG -> {
        // EOI (FF D9); only as EOI can FF D9 appear near the end (entropy data stuffs FF as FF 00).
        for (int i = n - 2; i >= Math.max(0, n - 64); i--) {
          if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
            yield true;
          }
        }
        yield false;
      }
      case PNG -> n >= 12 && b[n - 8] == 'I' && b[n - 7] == 'E' && b[n - 6] == 'N' && b[n - 5] == 'D';
      case GIF -> {
        int i = n - 1;
        while (i > 0 && b[i] == 0) {
          i--;
        }
        yield b[i] == 0x3B;
      }
      case WEBP -> n >= 12 && (le32(b, 4) + 8) <= n;
      case BMP -> n >= 6 && le32(b, 2) <= n;
    };
  }

  private static long le32(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
  }

  /** Collects codec warnings and aborts the read when the decoding thread is interrupted. */
  private static final class Listener implements IIOReadWarningListener, IIOReadProgressListener {
    final List<String> warnings = new ArrayList<>();
    volatile boolean aborted;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (warnings.size() < 20) {
        warnings.add(String.valueOf(warning));
      }
    }

    /**
     * A warning that means the data stopped before the image did: libjpeg (behind both JPEG
     * readers) recovers from a cut file by greying the rest and only warns ("Truncated File -
     * Missing EOI marker", "Premature end of JPEG file"); any warning from a file that lacks its
     * end marker counts too. Other warnings on a complete file (extraneous bytes before a marker,
     * common in camera files) are logged and the image is kept.
     */
    String truncationWarning(boolean endsProperly) {
      for (String w : warnings) {
        String l = w.toLowerCase(Locale.ROOT);
        if (l.contains("truncated file") || l.contains("missing eoi") || l.contains("premature end of jpeg file")
            || l.contains("premature end of input") || l.contains("unexpected end") || !endsProperly) {
          return w;
        }
      }
      return null;
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
      if (Thread.currentThread().isInterrupted()) {
        source.abort();
      }
    }

    @Override
    public void readAborted(ImageReader source) {
      aborted = true;
    }

    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {}

    @Override
    public void sequenceComplete(ImageReader source) {}

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {}

    @Override
    public void imageComplete(ImageReader source) {}

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {}

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {}

    @Override
    public void thumbnailComplete(ImageReader source) {}
  }
}
