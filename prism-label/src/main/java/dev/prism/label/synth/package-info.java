/**
 * Synthetic label matrices drawn from labeling functions of known accuracy, seeded, for checking
 * that label models recover what generated the votes.
 */
package dev.prism.label.synth;
