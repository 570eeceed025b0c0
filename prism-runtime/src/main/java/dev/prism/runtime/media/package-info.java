/**
 * The media stage that resolves items' image references (inline, paths under roots, allow-listed URLs) before the graph, on its own bounded executor.
 */
package dev.prism.runtime.media;
