/**
 * Text signals: the MiniLM sentence encoder (tokenizer, length-sorted batching, pooling), language identification and text_stats features.
 */
package dev.prism.models.text;
