/**
 * Image signals: the shared luma plane and box resampler, and how a node gets an item's image ({@link dev.prism.models.image.ItemImage}).
 */
package dev.prism.models.image;
