package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values counted by hand from the strings. */
class TextStatsTest {
  @Test
  void spammyComment() {
    String t = "CHECK my channel http://bit.ly/xyz and youtube.com/abc!!! @Bob #music call 555-123-4567 or mail me@x.com $50";
    Map<String, Double> f = TextStats.compute(t);
    assertThat(f.keySet()).containsExactlyElementsOf(TextStats.NAMES);
    assertThat(f.get("url_count")).isEqualTo(2.0);      // http://bit.ly/xyz, youtube.com/abc!!! (email excluded)
    assertThat(f.get("mention_count")).isEqualTo(1.0);  // @Bob (me@x.com is an email)
    assertThat(f.get("hashtag_count")).isEqualTo(1.0);
    assertThat(f.get("email_count")).isEqualTo(1.0);
    assertThat(f.get("phone_like_count")).isEqualTo(1.0);
    assertThat(f.get("money_count")).isEqualTo(1.0);
    assertThat(f.get("exclamation_count")).isEqualTo(3.0);
    assertThat(f.get("max_char_run")).isEqualTo(3.0);
    assertThat(f.get("repeated_char_runs")).isEqualTo(2.0); // "!!!" and the "555" of the phone number
    assertThat(f.get("token_count")).isEqualTo(14.0);
    // word tokens with >= 2 letters: CHECK my channel http://bit.ly/xyz and youtube.com/abc!!! @Bob
    // #music call or mail me@x.com = 12, all-caps among them: CHECK = 1
    assertThat(f.get("all_caps_token_ratio")).isEqualTo(1.0 / 12);
    assertThat(f.get("char_count")).isEqualTo((double) t.length());
    assertThat(f.get("line_count")).isEqualTo(1.0);
  }

  @Test
  void ratiosAndEmoji() {
    Map<String, Double> f = TextStats.compute("AAb 12 😀\nok ok");
    // code points: A A b ' ' 1 2 ' ' 😀 \n o k ' ' o k = 14
    assertThat(f.get("char_count")).isEqualTo(14.0);
    assertThat(f.get("uppercase_ratio")).isEqualTo(2.0 / 7); // letters A A b o k o k
    assertThat(f.get("digit_ratio")).isEqualTo(2.0 / 14);
    assertThat(f.get("emoji_ratio")).isEqualTo(1.0 / 14);
    assertThat(f.get("non_ascii_ratio")).isEqualTo(1.0 / 14);
    assertThat(f.get("token_count")).isEqualTo(5.0);
    assertThat(f.get("unique_token_ratio")).isEqualTo(4.0 / 5); // aab 12 😀 ok
    assertThat(f.get("line_count")).isEqualTo(2.0);
    assertThat(f.get("repeated_char_runs")).isEqualTo(0.0);
  }

  @Test
  void emptyTextIsAllZero() {
    assertThat(TextStats.compute("").values()).allMatch(v -> v == 0.0);
  }
}
