/**
 * Assembly of the signal graph from configuration and the node providers on the class path.
 */
package dev.prism.runtime.graph;
