/** {@code image_quality@1}: deterministic quality measures of an image (QUALITY.md). */
package dev.prism.models.image.quality;
