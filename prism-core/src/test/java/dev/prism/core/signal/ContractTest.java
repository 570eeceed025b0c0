package dev.prism.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractTest {
  static final SignalSpec S = new SignalSpec("s", 1);

  @Test
  void embeddingDimensionNormAndFiniteness() {
    ValueType t = new ValueType.EmbeddingType(3, true);
    float r = (float) (1 / Math.sqrt(3));
    assertThatCode(() -> t.validate(S, new SignalValue.Embedding(new float[] {r, r, r}))).doesNotThrowAnyException();
    assertThatThrownBy(() -> t.validate(S, new SignalValue.Embedding(new float[] {1, 0})))
        .hasMessage("contract violation for s@1: dimension 2 != contract dimension 3");
    assertThatThrownBy(() -> t.validate(S, new SignalValue.Embedding(new float[] {1, 1, 0})))
        .hasMessageContaining("but contract says L2-normalised");
    assertThatThrownBy(() -> t.validate(S, new SignalValue.Embedding(new float[] {Float.NaN, 0, 0})))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> t.validate(S, new SignalValue.Probability(0.3)))
        .hasMessageContaining("value Probability does not match contract type embedding");
  }

  @Test
  void randomizedRangesAreEnforcedExactlyAtTheBounds() {
    Random rnd = new Random(42);
    ValueType p = new ValueType.ProbabilityType();
    for (int i = 0; i < 1000; i++) {
      double x = rnd.nextDouble() * 3 - 1;
      boolean inside = x >= 0 && x <= 1;
      if (inside) {
        assertThatCode(() -> p.validate(S, new SignalValue.Probability(x))).doesNotThrowAnyException();
      } else {
        assertThatThrownBy(() -> p.validate(S, new SignalValue.Probability(x))).isInstanceOf(ContractViolation.class);
      }
    }
    assertThatThrownBy(() -> p.validate(S, new SignalValue.Probability(Double.NaN))).isInstanceOf(ContractViolation.class);
    assertThatCode(() -> p.validate(S, new SignalValue.Probability(1.0))).doesNotThrowAnyException();
  }

  @Test
  void labelsAndFeatures() {
    ValueType l = new ValueType.LabelSetType(Set.of("eng", "und"));
    assertThatThrownBy(() -> l.validate(S, new SignalValue.Label("xx", 0.9)))
        .hasMessageContaining("label 'xx' is not in the contract's label set");
    ValueType f = new ValueType.FeaturesType(List.of("a", "b"));
    Map<String, Double> ok = new LinkedHashMap<>();
    ok.put("a", 1.0);
    ok.put("b", 2.0);
    assertThatCode(() -> f.validate(S, new SignalValue.Features(ok))).doesNotThrowAnyException();
    Map<String, Double> swapped = new LinkedHashMap<>();
    swapped.put("b", 2.0);
    swapped.put("a", 1.0);
    assertThatThrownBy(() -> f.validate(S, new SignalValue.Features(swapped))).hasMessageContaining("!= contract [a, b]");
  }

  @Test
  void contractFileErrorsArePrecise() {
    String unknownField = "{\"format_version\":1,\"contracts\":[{\"name\":\"x\",\"major\":1,\"typ\":{}}]}";
    assertThatThrownBy(() -> parse(unknownField)).hasMessage("f.json: contracts[0]: unknown field 'typ'");
    String badKind = "{\"format_version\":1,\"contracts\":[{\"name\":\"x\",\"major\":1,\"type\":{\"kind\":\"blob\"},"
        + "\"producer\":\"p\",\"owner\":\"o\",\"description\":\"d\"}]}";
    assertThatThrownBy(() -> parse(badKind)).hasMessageStartingWith("f.json: contracts[0]: unknown type kind 'blob' (known: [")
        .hasMessageContaining("embedding");
    assertThatThrownBy(() -> parse("{\"format_version\":2,\"contracts\":[]}"))
        .hasMessageContaining("unsupported format_version 2");
    String noOwner = "{\"format_version\":1,\"contracts\":[{\"name\":\"x\",\"major\":1,\"type\":{\"kind\":\"probability\"},"
        + "\"producer\":\"p\",\"description\":\"d\"}]}";
    assertThatThrownBy(() -> parse(noOwner)).hasMessage("f.json: contracts[0]: 'owner' must be a string");
  }

  @Test
  void specParsing() {
    assertThat(SignalSpec.parse("lang@2")).isEqualTo(new SignalSpec("lang", 2));
    assertThatThrownBy(() -> SignalSpec.parse("lang@x")).hasMessage("bad major version 'x' in signal 'lang@x'");
    assertThatThrownBy(() -> new SignalSpec("Lang", 1)).hasMessageContaining("lower snake case");
    assertThatThrownBy(() -> new SignalSpec("lang", 0)).hasMessageContaining(">= 1");
  }

  private static List<SignalContract> parse(String json) throws Exception {
    return ContractRegistry.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "f.json");
  }
}
