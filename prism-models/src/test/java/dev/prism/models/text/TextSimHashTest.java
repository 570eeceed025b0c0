package dev.prism.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.graph.Batch;
import dev.prism.core.graph.Column;
import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.ContractRegistry;
import dev.prism.core.signal.SignalValue;
import dev.prism.models.TextNodeProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextSimHashTest {
  @Test
  void matchesTheIndependentPythonReference() {
    // hex values printed by src/test/python/simhash_reference.py (written from SIMHASH.md, no Java code)
    assertThat(TextSimHash.hex(TextSimHash.of("abc"))).isEqualTo("33ebaf9927cbc5bd");
    assertThat(TextSimHash.hex(TextSimHash.of("Check out my channel!"))).isEqualTo("155ed98531a08525");
    assertThat(TextSimHash.hex(TextSimHash.of("Check out my new channel"))).isEqualTo("3656d88717a08d41");
    assertThat(TextSimHash.hex(TextSimHash.of("I love this song so much, best video ever"))).isEqualTo("490634101d8862c5");
    assertThat(TextSimHash.hex(TextSimHash.of("Café Noël – voilà ﬁne"))).isEqualTo("82fa8c886130e011");
    assertThat(TextSimHash.hex(TextSimHash.of("Subscribe to my channel for free iPhone"))).isEqualTo("5c764b64fbc4dc2b");
  }

  @Test
  void oneShingleIsItsFeatureHash() {
    // FNV-1a 64 of "a" is the published test vector 0xaf63dc4c8601ec8c (Fowler/Noll/Vo); a text of one
    // shingle has one feature, so every vote is that feature's bit and the SimHash is the feature hash
    assertThat(TextSimHash.of("a")).isEqualTo(TextSimHash.fmix64(0xaf63dc4c8601ec8cL));
    assertThat(TextSimHash.fmix64(0)).isZero(); // fmix64 maps 0 to 0 (every step is a xor-shift or a product)
  }

  @Test
  void normalisationIgnoresCaseAndPunctuation() {
    assertThat(TextSimHash.normalize("  Check OUT, my channel!!! ")).isEqualTo("check out my channel");
    assertThat(TextSimHash.normalize("ﬁne")).isEqualTo("fine"); // NFKC folds the ligature
    long a = TextSimHash.of("Check out my channel!");
    assertThat(TextSimHash.of("CHECK OUT MY CHANNEL")).isEqualTo(a);
    assertThat(TextSimHash.of("check... out -- my channel ;)")).isEqualTo(a);
    assertThat(TextSimHash.of("")).isZero();
    assertThat(TextSimHash.of("!!! ???")).isZero();
    assertThat(TextSimHash.of(null)).isZero();
  }

  @Test
  void distancesOfIdenticalEditedAndUnrelatedTexts() throws Exception {
    String s = "Hey guys please check out my new song on my channel, it would mean a lot to me";
    assertThat(TextSimHash.hamming(TextSimHash.of(s), TextSimHash.of(s))).isZero();
    // one word replaced: about 7 of ~76 shingles change, so only a few bits flip
    int oneWord = TextSimHash.hamming(TextSimHash.of(s), TextSimHash.of(s.replace("song", "video")));
    assertThat(oneWord).isBetween(1, 12);
    int deleted = TextSimHash.hamming(TextSimHash.of(s), TextSimHash.of(s.replace(" new", "")));
    assertThat(deleted).isBetween(1, 12);

    // unrelated real comments: the mean distance is about 32 (independent bits would give Binomial(64, 1/2))
    List<String> texts = comments();
    assertThat(texts.size()).isGreaterThan(300);
    SplittableRandom r = new SplittableRandom(7);
    long sum = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      String a = texts.get(r.nextInt(texts.size()));
      String b = texts.get(r.nextInt(texts.size()));
      sum += TextSimHash.hamming(TextSimHash.of(a), TextSimHash.of(b));
    }
    double mean = sum / (double) n;
    assertThat(mean).isBetween(28.0, 34.0);
  }

  @Test
  void hexRoundTripsAndRefusesNonHex() {
    assertThat(TextSimHash.hex(1L)).isEqualTo("0000000000000001");
    assertThat(TextSimHash.hex(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(TextSimHash.parseHex("ffffffffffffffff")).isEqualTo(-1L);
    assertThatThrownBy(() -> TextSimHash.parseHex("xyz")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> TextSimHash.parseHex("00000000000000000")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("00000000000000000");
  }

  @Test
  void nodeProducesTheContractsValue() {
    ContractRegistry reg = new ContractRegistry(TextNodeProvider.contracts());
    var contract = reg.get(TextSimHashNode.TEXT_SIMHASH);
    TextSimHashNode node = new TextSimHashNode();
    Map<dev.prism.core.signal.SignalSpec, Column> out = node.compute(new Batch(List.of(
        ContentItem.ofText("a", "Check out my channel!"), ContentItem.ofText("b", "")), Map.of()));
    Column c = out.get(TextSimHashNode.TEXT_SIMHASH);
    assertThat(c.get(0)).isEqualTo(new SignalValue.Hash("155ed98531a08525"));
    assertThat(c.get(1)).isEqualTo(new SignalValue.Hash("0000000000000000"));
    assertThat(contract.type().kind()).isEqualTo("hash");
    contract.validate(c.get(0));
  }

  static List<String> comments() throws Exception {
    List<String> out = new ArrayList<>();
    Path dir = Path.of("..", "datasets", "youtube_spam_collection");
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("Youtube0")).sorted().toList()) {
        try (BufferedReader br = new BufferedReader(new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8))) {
          // the CONTENT column sits between the DATE column and the trailing CLASS; a line-level split is enough
          // for a sample of texts (multi-line records are skipped)
          String line;
          br.readLine();
          while ((line = br.readLine()) != null) {
            int last = line.lastIndexOf(',');
            int prev = line.lastIndexOf(",", last - 1);
            int date = line.lastIndexOf(",", prev - 1);
            if (last > 0 && prev > 0 && line.length() - last == 2 && prev - date > 0) {
              String text = line.substring(prev + 1, last);
              if (text.length() > 20) {
                out.add(text);
              }
            }
          }
        }
      }
    }
    return out.stream().distinct().toList();
  }
}
