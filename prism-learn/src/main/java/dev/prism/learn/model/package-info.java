/**
 * Heads and their trainers: multinomial logistic regression (L-BFGS) and a one-hidden-layer MLP
 * (Adam, early stopping), over standardized feature vectors, with the numeric helpers they share.
 */
package dev.prism.learn.model;
