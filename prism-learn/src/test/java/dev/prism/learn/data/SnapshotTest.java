package dev.prism.learn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import dev.prism.learn.features.FeatureAssembler;
import dev.prism.learn.features.FeatureLayout;
import dev.prism.learn.model.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  private static final String LINE1 = "{\"id\":\"c1\",\"text\":\"hi\",\"features\":{\"text_embedding@1\":[0.6,0.8],"
      + "\"text_stats@1\":{\"char_count\":2,\"url_count\":0}},\"label\":1,\"soft_label\":[0.25,0.75],\"meta\":{\"video\":\"psy\",\"n\":3},\"split\":\"train\"}";
  private static final String LINE2 = "{\"id\":\"c2\",\"features\":{\"text_embedding@1\":[1,0],"
      + "\"text_stats@1\":{\"char_count\":40,\"url_count\":1}},\"label\":\"spam\",\"split\":\"valid\"}";

  @Test
  void readsAssemblesAndHashes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.jsonl");
    Files.writeString(f, LINE1 + "\n\n" + LINE2 + "\n");
    List<SnapshotItem> items = Snapshot.read(f);
    assertThat(items).hasSize(2);
    SnapshotItem a = items.get(0);
    assertThat(a.meta()).containsEntry("video", "psy").containsEntry("n", "3");
    assertThat(a.features().get(SignalSpec.parse("text_embedding@1"))).isEqualTo(new SignalValue.Embedding(new float[] {0.6f, 0.8f}));
    FeatureLayout layout = FeatureLayout.infer(a.features(), null);
    assertThat(layout.columnNames()).containsExactly("text_embedding@1[0]", "text_embedding@1[1]", "text_stats@1.char_count", "text_stats@1.url_count");
    FeatureAssembler asm = new FeatureAssembler(layout);
    List<String> classes = List.of("ham", "spam");
    TrainingData soft = SnapshotData.toTrainingData(items, asm, classes, LabelMode.SOFT);
    TrainingData hard = SnapshotData.toTrainingData(items, asm, classes, LabelMode.HARD);
    TrainingData auto = SnapshotData.toTrainingData(items, asm, classes, LabelMode.AUTO);
    assertThat(soft.size()).isEqualTo(1);
    assertThat(hard.targets()).isDeepEqualTo(new double[][] {{0, 1}, {0, 1}}); // "1" by index, "spam" by name
    assertThat(auto.targets()[0]).containsExactly(0.25, 0.75);
    assertThat(hard.x()[1]).containsExactly(1, 0, 40, 1);
    // the hash covers features and labels: soft and hard targets hash differently
    assertThat(SnapshotData.sha256(hard)).hasSize(64).isNotEqualTo(SnapshotData.sha256(auto));
    assertThat(SnapshotData.sha256(hard)).isEqualTo(SnapshotData.sha256(SnapshotData.toTrainingData(Snapshot.read(f), asm, classes, LabelMode.HARD)));
    // writing and reading back gives the same items
    Path g = dir.resolve("t.jsonl");
    Snapshot.write(g, items);
    TrainingData again = SnapshotData.toTrainingData(Snapshot.read(g), asm, classes, LabelMode.AUTO);
    assertThat(SnapshotData.sha256(again)).isEqualTo(SnapshotData.sha256(auto));
  }

  @Test
  void errorsNameFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, LINE1 + "\n" + LINE2.replace("\"label\"", "\"labels\"") + "\n");
    assertThatThrownBy(() -> Snapshot.read(f)).hasMessageStartingWith(f + ":2: unknown field 'labels'");
    Files.writeString(f, LINE1 + "\n" + LINE1 + "\n");
    assertThatThrownBy(() -> Snapshot.read(f)).hasMessage(f + ":2: duplicate id 'c1'");
    Files.writeString(f, LINE1.replace("[0.25,0.75]", "[0.5,0.75]"));
    assertThatThrownBy(() -> Snapshot.read(f)).hasMessage(f + ":1: item 'c1': soft_label sums to 1.25, not 1");
    Files.writeString(f, LINE1.replace("text_embedding@1", "TextEmbedding"));
    assertThatThrownBy(() -> Snapshot.read(f)).hasMessageContaining(f + ":1: item 'c1': feature key 'TextEmbedding'");
    Files.writeString(f, "{\"id\":\"x\",");
    assertThatThrownBy(() -> Snapshot.read(f)).hasMessageStartingWith(f + ":1: not valid JSON");
  }

  @Test
  void unknownLabelsAndMissingFeaturesNameTheItem(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.jsonl");
    Files.writeString(f, LINE1 + "\n" + LINE2.replace("\"spam\"", "\"eggs\"").replace(",\"url_count\":1", "") + "\n");
    List<SnapshotItem> items = Snapshot.read(f);
    FeatureAssembler asm = new FeatureAssembler(FeatureLayout.infer(items.get(0).features(), null));
    assertThatThrownBy(() -> SnapshotData.toTrainingData(items, asm, List.of("ham", "spam"), LabelMode.HARD))
        .hasMessage("item 'c2': unknown label value 'eggs' (classes: [ham, spam], or an index 0..1)");
    assertThatThrownBy(() -> SnapshotData.features(items.get(1), asm))
        .hasMessage("item 'c2': input signal text_stats@1 lacks feature 'url_count' (has [char_count])");
  }
}
