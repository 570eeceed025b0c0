/**
 * Training snapshots: the JSON Lines file of items with their input signal values, labels, metadata
 * and split, and its conversion into training data.
 */
package dev.prism.learn.data;
