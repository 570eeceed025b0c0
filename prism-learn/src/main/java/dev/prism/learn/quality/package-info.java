/**
 * Label quality and what to label next: out-of-sample probabilities by cross-validation, likely
 * label errors by confident learning, and uncertainty plus diversity sampling of candidates.
 */
package dev.prism.learn.quality;
