/**
 * Decoded images as every image node reads them ({@link dev.prism.core.image.RgbImage},
 * {@link dev.prism.core.image.DecodedImage}) and the decoding SPI the runtime's media stage calls.
 * No codec lives here: prism-core pulls in no heavy dependency.
 */
package dev.prism.core.image;
