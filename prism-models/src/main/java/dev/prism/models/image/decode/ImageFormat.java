package dev.prism.models.image.decode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The container formats the decoder accepts, recognised by their magic bytes. A file name or a
 * declared content type is never trusted: a PNG named {@code .jpg} is a PNG, and an HTML error
 * page served as {@code image/jpeg} is refused as "not an image".
 */
public enum ImageFormat {
  JPEG("jpeg", "JPEG"),
  PNG("png", "PNG"),
  GIF("gif", "GIF"),
  WEBP("webp", "WebP"),
  BMP("bmp", "BMP");

  /** The name in {@code DecodedImage.format()} and ImageIO's format name. */
  final String id;
  /** The name in messages. */
  final String display;

  ImageFormat(String id, String display) {
    this.id = id;
    this.display = display;
  }

  public String id() {
    return id;
  }

  /** The format whose signature {@code b} starts with, if it is one the decoder reads. */
  public static Optional<ImageFormat> detect(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
      return Optional.of(GIF);
    }
    if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
      return Optional.of(WEBP);
    }
    // "BM" alone is two common bytes; a BMP also has a known DIB header size at offset 14.
    if (ascii(b, 0, "BM") && b.length >= 18) {
      int dib = (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
      if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
        return Optional.of(BMP);
      }
    }
    return Optional.empty();
  }

  /**
   * What an unsupported payload looks like, for the error message: a few formats users send by
   * mistake are named (so "HEIC is not supported" rather than "unknown"), otherwise the first bytes.
   */
  static String describeUnsupported(byte[] b) {
    if (b.length == 0) {
      return "empty payload";
    }
    if (ascii(b, 4, "ftyp")) {
      String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.ISO_8859_1) : "?";
      String kind = switch (brand) {
        case "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1" -> "HEIF/HEIC image";
        case "avif", "avis" -> "AVIF image";
        default -> "ISO media file (brand '" + brand.strip() + "'), e.g. MP4/MOV video";
      };
      return kind + ", which is not supported";
    }
    if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
      return "TIFF image (or camera raw), which is not supported";
    }
    if (startsWith(b, 0, 0x00, 0x00, 0x01, 0x00)) {
      return "ICO icon, which is not supported";
    }
    if (ascii(b, 0, "RIFF")) {
      return "RIFF file that is not WebP";
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ')) {
      return "JPEG XL image, which is not supported";
    }
    String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(java.util.Locale.ROOT);
    if (head.startsWith("<svg") || head.startsWith("<?xml")) {
      return "SVG/XML document, which is not supported (only raster images)";
    }
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
      return "HTML document, not an image";
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(b.length, 8); i++) {
      hex.append(String.format("%02x", b[i] & 0xFF));
    }
    return "unknown format (first bytes " + hex + ")";
  }

  private static boolean startsWith(byte[] b, int at, int... sig) {
    if (b.length < at + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[at + i] & 0xFF) != sig[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    if (b.length < at + s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
