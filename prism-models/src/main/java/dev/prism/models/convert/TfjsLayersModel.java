package dev.prism.models.convert;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TensorFlow.js <em>layers</em> model: the Keras topology ({@code modelTopology}) and its weights,
 * dequantized to float32 exactly as tfjs-core does ({@code io_utils.decodeWeights}: {@code q * scale
 * + min} in double, stored as float32).
 *
 * @param topology the {@code modelTopology} object (with {@code model_config})
 * @param weights every weight by its manifest name, in manifest order
 */
public record TfjsLayersModel(JsonNode topology, Map<String, Weight> weights) {

  /** One weight tensor: its TFJS (Keras, channels-last) shape and float32 values. */
  public record Weight(String name, int[] shape, float[] values) {}

  private static final JsonMapper JS_LITERAL = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
      .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private static final Pattern EXPORTED_STRING = Pattern.compile("\\.exports=\"([A-Za-z0-9+/=]*)\"");

  /**
   * Reads a model.json document and its weight files.
   *
   * @param modelJson the model.json object ({@code modelTopology} + {@code weightsManifest})
   * @param weightFile the bytes of a manifest path (e.g. {@code group1-shard1of1})
   */
  public static TfjsLayersModel of(JsonNode modelJson, Function<String, byte[]> weightFile) {
    JsonNode topology = modelJson.path("modelTopology");
    if (!topology.has("model_config")) {
      throw new IllegalArgumentException("not a TFJS layers model: modelTopology.model_config is missing"
          + " (graph models are not supported)");
    }
    Map<String, Weight> weights = new LinkedHashMap<>();
    for (JsonNode group : modelJson.path("weightsManifest")) {
      List<byte[]> parts = new ArrayList<>();
      int total = 0;
      for (JsonNode p : group.path("paths")) {
        byte[] b = weightFile.apply(p.asText());
        parts.add(b);
        total += b.length;
      }
      ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
      parts.forEach(buf::put);
      buf.flip();
      for (JsonNode spec : group.path("weights")) {
        Weight w = readWeight(spec, buf);
        weights.put(w.name(), w);
      }
      if (buf.hasRemaining()) {
        throw new IllegalArgumentException("weight group " + group.path("paths") + " has " + buf.remaining()
            + " bytes after its last weight");
      }
    }
    return new TfjsLayersModel(topology, weights);
  }

  /**
   * Reads the way nsfwjs 4.x packages a model: {@code model.min.js} is a browserify bundle whose
   * module exports the model.json object as a JavaScript object literal, and each
   * {@code group1-shardKofN.min.js} exports the shard's bytes as one base64 string.
   *
   * @param modelMinJs the text of {@code model.min.js}
   * @param shardMinJs the text of the {@code .min.js} file of a manifest path (e.g. {@code group1-shard1of1})
   */
  public static TfjsLayersModel fromNsfwjsBundle(String modelMinJs, Function<String, String> shardMinJs) {
    return of(parseExportedObject(modelMinJs), path -> {
      Matcher m = EXPORTED_STRING.matcher(shardMinJs.apply(path));
      if (!m.find()) {
        throw new IllegalArgumentException("weight bundle " + path + ".min.js exports no base64 string");
      }
      return Base64.getDecoder().decode(m.group(1));
    });
  }

  /** The object literal after the first {@code .exports=} in a browserify bundle, as JSON. */
  static JsonNode parseExportedObject(String js) {
    int at = js.indexOf(".exports={");
    if (at < 0) {
      throw new IllegalArgumentException("model bundle exports no object literal (no '.exports={')");
    }
    String literal = balancedObject(js, at + ".exports=".length());
    try {
      return JS_LITERAL.readTree(toJson(literal));
    } catch (IOException e) {
      throw new UncheckedIOException("model bundle's object literal is not parseable: " + e.getMessage(), e);
    }
  }

  /** The text from {@code start} (an opening brace) to its matching closing brace, skipping strings. */
  private static String balancedObject(String js, int start) {
    int depth = 0;
    for (int i = start; i < js.length(); i++) {
      char c = js.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfString(js, i);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return js.substring(start, i + 1);
        }
      }
    }
    throw new IllegalArgumentException("model bundle's object literal is not closed");
  }

  private static int endOfString(String js, int open) {
    char q = js.charAt(open);
    for (int i = open + 1; i < js.length(); i++) {
      char c = js.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated string in model bundle");
  }

  /**
   * Minified JavaScript literal to JSON: {@code !0}/{@code !1} (minifiers' true/false) become
   * booleans and {@code void 0} null; unquoted keys and {@code .5} numbers are left to Jackson's
   * lenient features.
   */
  private static String toJson(String literal) {
    StringBuilder sb = new StringBuilder(literal.length());
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '"') {
        int end = endOfString(literal, i);
        sb.append(literal, i, end + 1);
        i = end;
      } else if (c == '!' && i + 1 < literal.length() && (literal.charAt(i + 1) == '0' || literal.charAt(i + 1) == '1')) {
        sb.append(literal.charAt(i + 1) == '0' ? "true" : "false");
        i++;
      } else if (literal.startsWith("void 0", i)) {
        sb.append("null");
        i += "void 0".length() - 1;
      } else if (c == '-' && i + 1 < literal.length() && literal.charAt(i + 1) == '.') {
        sb.append("-0");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static Weight readWeight(JsonNode spec, ByteBuffer buf) {
    String name = spec.path("name").asText();
    int[] shape = new int[spec.path("shape").size()];
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = spec.path("shape").get(i).asInt();
      n *= shape[i];
    }
    String dtype = spec.path("dtype").asText();
    if (!dtype.equals("float32")) {
      throw new IllegalArgumentException("weight " + name + " has dtype " + dtype + "; only float32 weights are supported");
    }
    JsonNode q = spec.get("quantization");
    float[] values = new float[Math.toIntExact(n)];
    try {
      if (q == null) {
        for (int i = 0; i < values.length; i++) {
          values[i] = buf.getFloat();
        }
      } else {
        String qtype = q.path("dtype").asText();
        if (!q.has("min") || !q.has("scale")) {
          throw new IllegalArgumentException("weight " + name + " is quantized (" + qtype
              + ") without min and scale; only affine uint8/uint16 quantization is supported");
        }
        double min = q.get("min").asDouble();
        double scale = q.get("scale").asDouble();
        for (int i = 0; i < values.length; i++) {
          int v = switch (qtype) {
            case "uint8" -> buf.get() & 0xFF;
            case "uint16" -> buf.getShort() & 0xFFFF;
            default -> throw new IllegalArgumentException("weight " + name + " has quantization dtype " + qtype
                + "; only uint8 and uint16 are supported");
          };
          // the same expression, in double, that tfjs-core's decodeWeights evaluates before storing float32
          values[i] = (float) (v * scale + min);
        }
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("weight data ends inside weight " + name, e);
    }
    return new Weight(name, shape, values);
  }
}
