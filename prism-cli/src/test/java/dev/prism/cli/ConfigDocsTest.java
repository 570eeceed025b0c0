package dev.prism.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from the config key constants; it must not drift from them. */
class ConfigDocsTest {
  @Test
  void configurationDocIsGeneratedFromTheKeys() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    String text = Files.readString(doc);
    String table = Config.markdown(ConfigOptions.allKeys());
    assertThat(text).as("docs/configuration.md is stale: regenerate with ./prism config --markdown-doc > docs/configuration.md")
        .contains(table);
  }
}
