/**
 * ONNX Runtime sessions and model artifacts loaded from jars, with their SHA-256 for provenance.
 */
package dev.prism.models.onnx;
