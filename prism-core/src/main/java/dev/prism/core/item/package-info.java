/**
 * Content items (a pin, post, comment, product), the one JSON mapping of an item, and media references that the runtime resolves before the graph.
 */
package dev.prism.core.item;
