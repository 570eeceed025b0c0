/** The signal graph as a Spark job: one graph per executor JVM, run per partition. */
package dev.prism.spark;
