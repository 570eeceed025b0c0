package dev.prism.learn.model;

/**
 * What happened during training, kept in artifact provenance.
 *
 * @param iterations L-BFGS iterations or MLP epochs run
 * @param bestEpoch the MLP epoch whose weights were kept (equals iterations for logistic)
 * @param trainLoss final (regularised) training objective
 * @param validLoss validation cross-entropy of the kept weights, NaN when no validation data
 */
public record TrainingLog(int iterations, int bestEpoch, double trainLoss, double validLoss, boolean converged, String stopReason) {}
