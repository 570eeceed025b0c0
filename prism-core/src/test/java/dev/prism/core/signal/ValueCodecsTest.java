package dev.prism.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in codecs' wire forms, checked against hand-written JSON, and registry errors. */
class ValueCodecsTest {
  final ValueCodecs codecs = new ValueCodecs(BuiltinCodecs.all());

  @Test
  void builtInKindsRoundTripThroughTheirDocumentedJson() {
    assertThat(codecs.toJson(new SignalValue.Label("eng", 0.5)).toString()).isEqualTo("{\"label\":\"eng\",\"confidence\":0.5}");
    assertThat(codecs.toJson(new SignalValue.Embedding(new float[] {0.25f, -1f})).toString()).isEqualTo("[0.25,-1.0]");
    java.util.LinkedHashMap<String, Double> f = new java.util.LinkedHashMap<>();
    f.put("a", 1.0);
    f.put("b", 2.5);
    assertThat(codecs.toJson(new SignalValue.Features(f)).toString()).isEqualTo("{\"a\":1.0,\"b\":2.5}");
    ValueType.FeaturesType ft = new ValueType.FeaturesType(List.of("a", "b"));
    SignalValue back = codecs.fromJson(codecs.toJson(new SignalValue.Features(f)), ft);
    assertThat(back).isEqualTo(new SignalValue.Features(f));
    assertThat(codecs.forType(ft).cells(new SignalValue.Features(f), ft)).singleElement()
        .satisfies(c -> assertThat((double[]) c).containsExactly(1.0, 2.5));
    assertThat(codecs.forValue(new SignalValue.Probability(0.3)).featureNames(new SignalValue.Probability(0.3))).containsExactly("p");
    assertThat(codecs.forValue(new SignalValue.Hash("ab")).featureNames(new SignalValue.Hash("ab"))).isEmpty();
  }

  @Test
  void badJsonForAKindIsAPreciseError() {
    JsonNode notNumbers = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add("x");
    assertThatThrownBy(() -> codecs.fromJson(notNumbers, new ValueType.EmbeddingType(1, false)))
        .hasMessage("embedding[0] must be a number, got string");
  }

  @Test
  void twoCodecsForOneKindAreRefusedNamingBoth() {
    List<ValueCodec<?, ?>> twice = new ArrayList<>(BuiltinCodecs.all());
    twice.add(new BuiltinCodecs.HashCodec());
    assertThatThrownBy(() -> new ValueCodecs(twice)).hasMessageContaining("two value codecs for kind 'hash'");
  }
}
