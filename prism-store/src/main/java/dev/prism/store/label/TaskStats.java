package dev.prism.store.label;

/** Counts for one task, for listings. */
public record TaskStats(LabelTask task, long labels, long items, long humanAnnotators, long labelingFunctions, long models) {}
