/**
 * The HTTP API over a signal graph: strict request parsing, cross-request micro-batching, limits, problem+json errors, Prometheus metrics, OpenAPI.
 */
package dev.prism.server;
