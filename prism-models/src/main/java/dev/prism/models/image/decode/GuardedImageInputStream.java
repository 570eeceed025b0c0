package dev.prism.models.image.decode;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An in-memory {@link javax.imageio.stream.ImageInputStream} that stops codecs from spinning:
 *
 * <ul>
 *   <li>Reading past the end is allowed a few times (readers probe for trailing markers), but after
 *       {@link #MAX_READS_PAST_END} attempts it throws {@link Stop}. TwelveMonkeys' WebP lossless
 *       bit reader catches {@code EOFException} and keeps returning zero bits, so a cut VP8L file
 *       could make it read Huffman tables from an endless stream of zeros (found by Jazzer: a
 *       37-byte file that did not finish in a minute). An unchecked exception is not swallowed.</li>
 *   <li>Every read checks the thread's interrupt flag and throws {@link Stop} when it is set, so the
 *       media stage's time limit ends a decode even inside a codec loop that reports no progress.</li>
 * </ul>
 *
 * Reading from memory also keeps ImageIO's disk cache out of the way without touching the global
 * {@code ImageIO.setUseCache}.
 */
final class GuardedImageInputStream extends ImageInputStreamImpl {
  /**
   * Attempts to read beyond the last byte before the stream gives up. Legitimate readers hit the
   * end a handful of times; a decoder looping on missing data does so millions of times.
   */
  static final int MAX_READS_PAST_END = 4_096;

  /** Thrown from a read to end a runaway decode; the decoder turns it into its message. */
  static final class Stop extends RuntimeException {
    final boolean interrupted;

    Stop(String message, boolean interrupted) {
      super(message, null, false, false);
      this.interrupted = interrupted;
    }
  }

  private final byte[] data;
  private int pastEnd;

  GuardedImageInputStream(byte[] data) {
    this.data = data;
  }

  private void check() {
    if (Thread.currentThread().isInterrupted()) {
      throw new Stop("interrupted", true);
    }
  }

  private int endOfData() {
    if (++pastEnd > MAX_READS_PAST_END) {
      throw new Stop("the codec kept reading past the end of the " + data.length + "-byte file", false);
    }
    return -1;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    check();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return endOfData();
    }
    return data[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    check();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return endOfData();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  @Override
  public void seek(long pos) throws IOException {
    super.seek(pos); // checks pos >= flushedPos; seeking past the end is allowed, reads there are "past the end"
  }
}
