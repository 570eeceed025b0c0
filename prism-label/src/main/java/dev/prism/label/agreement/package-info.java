/**
 * Inter-annotator agreement (Cohen's and Fleiss' kappa, Krippendorff's alpha) and the resolution of
 * several ratings into one gold label, with the plurality vote ({@link dev.prism.label.agreement.Plurality})
 * that label models use too. Pure functions over int rating matrices; depends on nothing else in Prism.
 */
package dev.prism.label.agreement;
