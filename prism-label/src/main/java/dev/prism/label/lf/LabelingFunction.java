package dev.prism.label.lf;

import dev.prism.core.item.ContentItem;
import dev.prism.core.signal.SignalSpec;
import dev.prism.core.signal.SignalValue;
import java.util.Map;

/**
 * A labeling function: a cheap, noisy rule that votes a class for an item or abstains. It sees the
 * item and the signals already computed for it (e.g. {@code text_stats@1}), so rules can build on
 * the signal graph instead of re-deriving features.
 */
public interface LabelingFunction {

  /** The vote for "this rule does not apply". */
  int ABSTAIN = -1;

  /** Unique name within a set of LFs, shown in analysis tables. */
  String name();

  /**
   * The class index voted for {@code item}, or {@link #ABSTAIN}.
   *
   * @param signals the item's computed signals; may be empty
   */
  int vote(ContentItem item, Map<SignalSpec, SignalValue> signals);

  /** An LF from a lambda, for the Java API. */
  static LabelingFunction of(String name, java.util.function.BiFunction<ContentItem, Map<SignalSpec, SignalValue>,
      Integer> rule) {
    return new LabelingFunction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int vote(ContentItem item, Map<SignalSpec, SignalValue> signals) {
        return rule.apply(item, signals);
      }
    };
  }
}
