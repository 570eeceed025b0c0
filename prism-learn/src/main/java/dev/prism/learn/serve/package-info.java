/**
 * A trained head as a node of prism-core's signal graph ({@link dev.prism.learn.serve.HeadNode}), so
 * the server and batch jobs produce its signal next to the built-in ones.
 */
package dev.prism.learn.serve;
