package dev.prism.core.item;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link ItemJson#parse} on whatever JSON the bytes hold, in
 * both modes. Only {@link ItemJson.ItemException} may come out, with a message; an accepted item
 * carries exactly the fields of the object. A normal test run replays the committed seeds in
 * {@code src/test/resources/dev/prism/core/item/ItemJsonFuzzTestInputs/parse/}; {@code
 * JAZZER_FUZZ=1} fuzzes (docs/FUZZING.md).
 */
class ItemJsonFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Small, so the fuzzer reaches the size checks of inline images. */
  private static final long MAX_INLINE_BYTES = 64;

  private static ContentItem parseOrNull(JsonNode n, ItemJson.Mode mode) {
    try {
      return ItemJson.parse(n, ItemJson.Fields.defaults(), mode, MAX_INLINE_BYTES);
    } catch (ItemJson.ItemException e) {
      assertThat(e.getMessage()).isNotBlank();
      if (e.itemId() != null) {
        assertThat(e.itemId()).isEqualTo(n.get("id").asText());
      }
      return null;
    }
  }

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] input) {
    JsonNode n;
    try {
      n = JSON.readTree(input);
    } catch (IOException e) {
      return; // not JSON: the readers before ItemJson reject it (fuzzed in ReadersFuzzTest)
    }
    ContentItem strict = parseOrNull(n, ItemJson.Mode.STRICT);
    ContentItem lenient = parseOrNull(n, ItemJson.Mode.LENIENT);
    if (strict != null) {
      assertThat(lenient).as("accepted strictly, so leniently too").isNotNull();
      assertThat(lenient.id()).isEqualTo(strict.id());
      assertThat(lenient.title()).isEqualTo(strict.title());
      assertThat(lenient.description()).isEqualTo(strict.description());
      assertThat(lenient.link()).isEqualTo(strict.link());
      assertThat(lenient.metadata()).isEqualTo(strict.metadata());
      assertThat(lenient.image().getClass()).isEqualTo(strict.image().getClass());
    }
    if (lenient == null) {
      return;
    }
    // What was accepted is what the object says.
    assertThat(n.isObject()).isTrue();
    assertThat(lenient.id()).isNotBlank().isEqualTo(n.get("id").asText());
    String text = n.hasNonNull("text") ? n.get("text").asText() : "";
    String description = n.hasNonNull("description") ? n.get("description").asText() : "";
    assertThat(text.isEmpty() || description.isEmpty()).as("both 'text' and 'description' accepted").isTrue();
    assertThat(lenient.description()).isEqualTo(text.isEmpty() ? description : text);
    assertThat(lenient.title()).isEqualTo(n.hasNonNull("title") ? n.get("title").asText() : "");
    assertThat(lenient.link()).isEqualTo(n.hasNonNull("link") ? n.get("link").asText() : "");
    if (lenient.image() instanceof MediaRef.Inline inline) {
      assertThat(inline.bytes().length).isBetween(1, (int) MAX_INLINE_BYTES);
    }
    if (n.hasNonNull("image")) {
      assertThat(lenient.image()).isNotEqualTo(MediaRef.NONE);
    }
  }
}
