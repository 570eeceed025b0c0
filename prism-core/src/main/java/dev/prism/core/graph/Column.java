package dev.prism.core.graph;

import dev.prism.core.signal.Provenance;
import dev.prism.core.signal.SignalValue;
import java.util.List;
import java.util.Objects;

/**
 * One signal's values for a batch, position i belonging to item i. An item whose value could not
 * be computed holds {@code null} and a reason, so one bad item never fails its batch.
 */
public final class Column {
  private final SignalValue[] values;
  private final String[] errors;
  /**
   * Per-position provenance overrides, allocated on first use: a node that routes items to
   * different model versions (a canary) says which one answered each item. Null entries mean "the
   * node's own {@link Node#provenance()}".
   */
  private Provenance[] provenances;

  public Column(int size) {
    this.values = new SignalValue[size];
    this.errors = new String[size];
  }

  public static Column of(List<? extends SignalValue> values) {
    Column c = new Column(values.size());
    for (int i = 0; i < values.size(); i++) {
      c.set(i, values.get(i));
    }
    return c;
  }

  public int size() {
    return values.length;
  }

  public void set(int i, SignalValue v) {
    values[i] = Objects.requireNonNull(v, "value");
    errors[i] = null;
    if (provenances != null) {
      provenances[i] = null;
    }
  }

  /**
   * Sets position i with the provenance of the model that computed it, overriding the node's own
   * {@link Node#provenance()} for this item only; a null provenance means the node's.
   */
  public void set(int i, SignalValue v, Provenance provenance) {
    set(i, v);
    if (provenance != null) {
      if (provenances == null) {
        provenances = new Provenance[values.length];
      }
      provenances[i] = provenance;
    }
  }

  public void fail(int i, String reason) {
    values[i] = null;
    errors[i] = Objects.requireNonNull(reason, "reason");
    if (provenances != null) {
      provenances[i] = null;
    }
  }

  /** The provenance override of position i, or null when the node's own provenance applies. */
  public Provenance provenance(int i) {
    return provenances == null ? null : provenances[i];
  }

  /** The value at i, or null when it failed or was never set. */
  public SignalValue get(int i) {
    return values[i];
  }

  public boolean ok(int i) {
    return values[i] != null;
  }

  /** Why position i has no value ("not computed" when the node left it unset). */
  public String error(int i) {
    return errors[i] != null ? errors[i] : values[i] == null ? "not computed" : null;
  }
}
