/**
 * The model registry: versions of trained heads with their lineage, aliases with an append-only
 * history, a content-addressed artifact store and signed webhooks. Design: {@code REGISTRY.md}.
 */
package dev.prism.registry;
