/**
 * Pretrained image signals: {@code nsfw@1} and {@code image_embedding@1} from the converted nsfwjs
 * MobileNetV2, and bring-your-own ONNX image encoders configured by spec files. Preprocessing,
 * the ONNX Runtime call and postprocessing are separate steps. See IMAGE_ENCODERS.md.
 */
package dev.prism.models.vision;
