/**
 * Model conversion in Java: TensorFlow.js layers models (Keras topology + quantized weights, as
 * nsfwjs ships them) to ONNX opset 13, written in protobuf wire format. See CONVERTER.md.
 */
package dev.prism.models.convert;
