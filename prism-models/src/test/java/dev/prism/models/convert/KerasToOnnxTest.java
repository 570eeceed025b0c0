package dev.prism.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TFJS bundle reader and the converter's refusals, on small hand-written models. */
class KerasToOnnxTest {

  /** A minified browserify-style bundle: unquoted keys, !0/!1 booleans, a leading-dot number. */
  static final String BUNDLE = "!function(e){}({1:[function(e,a,n){a.exports={modelTopology:{keras_version:\"2.2.4\","
      + "model_config:{class_name:\"Model\",config:{name:\"m\",layers:["
      + "{name:\"input_1\",class_name:\"InputLayer\",config:{batch_input_shape:[null,4,4,3],sparse:!1},inbound_nodes:[]},"
      + "{name:\"lstm_1\",class_name:\"LSTM\",config:{units:2,trainable:!0},inbound_nodes:[[[\"input_1\",0,0,{}]]]}]}}},"
      + "weightsManifest:[{paths:[\"group1-shard1of1\"],weights:[{name:\"w\",shape:[2],dtype:\"float32\","
      + "quantization:{min:-.5,scale:.25,dtype:\"uint8\"}}]}]}},{}]},{},[1])(1)});";

  static final String SHARD = "!function(e){}({1:[function(e,h,n){h.exports=\""
      + Base64.getEncoder().encodeToString(new byte[] {0, 6}) + "\"},{}]},{},[1])(1)});";

  @Test
  void readsMinifiedBundleAndDequantizesLikeTfjs() {
    TfjsLayersModel m = TfjsLayersModel.fromNsfwjsBundle(BUNDLE, p -> SHARD);
    JsonNode layers = m.topology().path("model_config").path("config").path("layers");
    assertEquals(false, layers.get(0).path("config").path("sparse").asBoolean(true));
    // q * scale + min: 0 → -0.5, 6 → 1.0
    assertEquals(-0.5f, m.weights().get("w").values()[0]);
    assertEquals(1.0f, m.weights().get("w").values()[1]);
  }

  @Test
  void refusesAnUnsupportedLayerByName() {
    TfjsLayersModel m = TfjsLayersModel.fromNsfwjsBundle(BUNDLE, p -> SHARD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasToOnnx.convert(m, new KerasToOnnx.Options("input", Map.of("out", "lstm_1"), Map.of())));
    assertTrue(e.getMessage().startsWith("layer 'lstm_1' has unsupported class LSTM"), e.getMessage());
  }

  @Test
  void refusesUnknownOutputLayer() {
    String inputOnly = BUNDLE.replaceAll(",\\{name:\"lstm_1\".*?\\{\\}\\]\\]\\]\\}", "");
    TfjsLayersModel m = TfjsLayersModel.fromNsfwjsBundle(inputOnly, p -> SHARD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasToOnnx.convert(m, new KerasToOnnx.Options("input", Map.of("out", "dense_9"), Map.of())));
    assertEquals("output 'out' names layer 'dense_9', which the model does not have", e.getMessage());
  }

  @Test
  void rejectsATarballThatDoesNotMatchItsIntegrity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpmTarball.read(new byte[] {1, 2, 3}, NsfwjsConversion.INTEGRITY));
    assertTrue(e.getMessage().startsWith("npm tarball does not match its pinned integrity"), e.getMessage());
  }
}
