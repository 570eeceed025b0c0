package dev.prism.models.image.decode;

import dev.prism.core.image.RgbImage;

/**
 * EXIF orientation (TIFF tag 0x0112): how a camera's stored pixels must be turned to show the
 * scene upright. Read from a JPEG's APP1 "Exif" segment or a WebP's EXIF chunk with a bounds-checked
 * parser of its own (a malformed EXIF block means "upright", never a failed image: the pixels are
 * fine, only the hint is broken).
 */
final class ExifOrientation {
  /** Tag number of Orientation in IFD0. */
  private static final int TAG_ORIENTATION = 0x0112;
  /** More IFD0 entries than any writer emits: a count above this is garbage, not a directory. */
  private static final int MAX_IFD_ENTRIES = 1_000;

  private ExifOrientation() {}

  /** The orientation 1..8 of a JPEG, 1 when absent or unreadable. Stops at the first scan. */
  static int ofJpeg(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return 1; // not at a marker: the header is corrupt; the codec will say so
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // start of scan or end of image: no EXIF before the pixels
      }
      int len = u16be(b, i + 2);
      if (len < 2) {
        return 1;
      }
      int start = i + 4;
      int end = Math.min(b.length, i + 2 + len);
      if (marker == 0xE1 && end - start >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i'
          && b[start + 3] == 'f' && b[start + 4] == 0 && b[start + 5] == 0) {
        return ofTiff(b, start + 6, end);
      }
      i += 2 + len;
    }
    return 1;
  }

  /** The orientation of a WebP (its EXIF chunk), 1 when absent or unreadable. */
  static int ofWebp(byte[] b) {
    int i = 12;
    while (i + 8 <= b.length) {
      long size = u32le(b, i + 4);
      int start = i + 8;
      if (size > b.length - start) {
        return 1;
      }
      int end = start + (int) size;
      if (b[i] == 'E' && b[i + 1] == 'X' && b[i + 2] == 'I' && b[i + 3] == 'F') {
        int t = start;
        if (end - t >= 6 && b[t] == 'E' && b[t + 1] == 'x' && b[t + 2] == 'i' && b[t + 3] == 'f') {
          t += 6; // some writers keep JPEG's "Exif\0\0" prefix in the chunk
        }
        return ofTiff(b, t, end);
      }
      i = end + (int) (size & 1); // chunks are padded to an even size
    }
    return 1;
  }

  /** Orientation from a TIFF structure in {@code b[start, end)}. */
  static int ofTiff(byte[] b, int start, int end) {
    if (end - start < 8) {
      return 1;
    }
    boolean little;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      little = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      little = false;
    } else {
      return 1;
    }
    if (u16(b, start + 2, little) != 42) {
      return 1;
    }
    long ifd = u32(b, start + 4, little);
    if (ifd < 8 || ifd > end - start - 2) {
      return 1;
    }
    int at = start + (int) ifd;
    int n = u16(b, at, little);
    if (n > MAX_IFD_ENTRIES) {
      return 1;
    }
    for (int k = 0; k < n; k++) {
      int e = at + 2 + 12 * k;
      if (e + 12 > end) {
        return 1;
      }
      if (u16(b, e, little) == TAG_ORIENTATION) {
        int type = u16(b, e + 2, little);
        int v = type == 3 ? u16(b, e + 8, little) : type == 4 ? (int) u32(b, e + 8, little) : 1; // SHORT or LONG
        return v >= 1 && v <= 8 ? v : 1;
      }
    }
    return 1;
  }

  /** Whether {@code orientation} swaps width and height (the four transposing ones, 5..8). */
  static boolean swapsAxes(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  /**
   * The upright image: output pixel (x, y) is stored pixel {@code (sx, sy)} per the EXIF
   * definition of each value (2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise,
   * 7 transverse, 8 rotate 90 counter-clockwise).
   */
  static RgbImage apply(RgbImage s, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return s;
    }
    int w = s.width();
    int h = s.height();
    boolean swap = swapsAxes(orientation);
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = s.rgb();
    byte[] out = new byte[src.length];
    int o = 0;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          default -> { sx = w - 1 - y; sy = x; } // 8
        }
        int p = (sy * w + sx) * 3;
        out[o++] = src[p];
        out[o++] = src[p + 1];
        out[o++] = src[p + 2];
      }
    }
    return new RgbImage(ow, oh, out);
  }

  private static int u16be(byte[] b, int i) {
    return i + 2 <= b.length ? (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF) : -1;
  }

  private static int u16(byte[] b, int i, boolean little) {
    if (i < 0 || i + 2 > b.length) {
      return -1;
    }
    return little ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i, boolean little) {
    if (i < 0 || i + 4 > b.length) {
      return -1;
    }
    long v = little
        ? (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
        : (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    return v;
  }

  private static long u32le(byte[] b, int i) {
    return u32(b, i, true);
  }
}
