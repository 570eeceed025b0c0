package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  static final ConfigKey<Boolean> FLAG = ConfigKey.boolKey("a.flag", false, "a flag");
  static final ConfigKey<Integer> N = ConfigKey.intKey("a.n", 3, 0, 10, "a number");

  @Test
  void booleanKeyAcceptsTrueAndFalseOnly() {
    assertThat(FLAG.parse(" TRUE ")).isTrue();
    assertThat(FLAG.parse("false")).isFalse();
    assertThatThrownBy(() -> FLAG.parse("yes")).hasMessage("config a.flag: must be true or false, got 'yes'");
  }

  @Test
  void aCommandDefaultSitsBelowEnvironmentAndOverrides() {
    List<ConfigKey<?>> keys = List.of(FLAG.withDefault(true), N);
    assertThat(Config.load(keys, null, Map.of(), Map.of()).get(FLAG)).isTrue();
    assertThat(Config.load(keys, null, Map.of(FLAG.envName(), "false"), Map.of()).get(FLAG)).isFalse();
    assertThat(Config.load(keys, null, Map.of(), Map.of("a.flag", "false")).get(FLAG)).isFalse();
    // the original key keeps its default
    assertThat(Config.defaults(List.of(FLAG, N)).get(FLAG)).isFalse();
    assertThatThrownBy(() -> N.withDefault(11)).hasMessage("default of a.n is invalid: must be in [0, 10], got 11");
  }
}
