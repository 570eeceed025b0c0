package dev.prism.learn.model;

/** A trained head with its training log. */
public record TrainedHead(Head head, TrainingLog log) {}
