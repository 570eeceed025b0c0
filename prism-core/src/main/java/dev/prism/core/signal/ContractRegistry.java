package dev.prism.core.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The set of signal contracts a deployment serves, read from one or more contract files.
 *
 * <p>File format ({@code format_version: 1}), one JSON document per file:
 *
 * <pre>{@code
 * {"format_version": 1,
 *  "contracts": [
 *    {"name": "text_embedding", "major": 1,
 *     "type": {"kind": "embedding", "dim": 384, "normalized": true},
 *     "producer": "minilm_text_encoder", "owner": "content-understanding",
 *     "description": "...", "calibration": "...", "freshness": "...", "coverage": "..."}]}
 * }</pre>
 *
 * Type kinds: {@code embedding(dim, normalized)}, {@code probability}, {@code score(min, max)},
 * {@code label(labels[])}, {@code hash(bits)}, {@code text(max_length)}, {@code features(names[])},
 * plus any kind a registered {@link dev.prism.core.signal.ValueCodec} adds.
 * Unknown fields or kinds are rejected so a typo cannot silently weaken a contract.
 */
public final class ContractRegistry {
  public static final int FORMAT_VERSION = 1;

  private final Map<SignalSpec, SignalContract> contracts;

  public ContractRegistry(Collection<SignalContract> contracts) {
    Map<SignalSpec, SignalContract> m = new TreeMap<>();
    for (SignalContract c : contracts) {
      if (m.putIfAbsent(c.spec(), c) != null) {
        throw new IllegalArgumentException("duplicate contract for " + c.spec());
      }
    }
    this.contracts = Collections.unmodifiableMap(m);
  }

  /**
   * Reads a contract file shipped as a classpath resource next to {@code anchor} (the module that
   * owns a model ships its contracts this way).
   */
  public static List<SignalContract> fromResource(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource + " (next to " + anchor.getName() + ")");
      }
      return parse(in, resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a registry with these contracts added (e.g. a trained head's contract). */
  public ContractRegistry with(Collection<SignalContract> more) {
    List<SignalContract> all = new ArrayList<>(contracts.values());
    all.addAll(more);
    return new ContractRegistry(all);
  }

  public Optional<SignalContract> find(SignalSpec spec) {
    return Optional.ofNullable(contracts.get(spec));
  }

  public SignalContract get(SignalSpec spec) {
    return find(spec).orElseThrow(() -> new IllegalArgumentException("no contract for signal " + spec));
  }

  public Collection<SignalContract> all() {
    return contracts.values();
  }

  /**
   * Resolves what a client asked for to a served spec: {@code name@N} must exist; a bare name
   * means its newest major. Unknown names fail with the list of known ones.
   */
  public SignalSpec resolve(SignalRef ref) {
    if (ref.major().isPresent()) {
      SignalSpec s = new SignalSpec(ref.name(), ref.major().getAsInt());
      if (!contracts.containsKey(s)) {
        throw new UnknownSignalException(ref.toString(), names());
      }
      return s;
    }
    SignalSpec best = null;
    for (SignalSpec s : contracts.keySet()) {
      if (s.name().equals(ref.name()) && (best == null || s.major() > best.major())) {
        best = s;
      }
    }
    if (best == null) {
      throw new UnknownSignalException(ref.toString(), names());
    }
    return best;
  }

  public Set<String> names() {
    Set<String> out = new TreeSet<>();
    contracts.keySet().forEach(s -> out.add(s.toString()));
    return out;
  }

  // ---- parsing ---------------------------------------------------------------------------

  private static final Set<String> CONTRACT_FIELDS =
      Set.of("name", "major", "type", "producer", "owner", "description", "calibration", "freshness", "coverage");

  public static List<SignalContract> parse(InputStream in, String source) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": a contract file is a JSON object");
    }
    int fv = root.path("format_version").asInt(-1);
    if (fv != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          source + ": unsupported format_version " + root.path("format_version") + " (this Prism reads " + FORMAT_VERSION + ")");
    }
    JsonNode arr = root.path("contracts");
    if (!arr.isArray()) {
      throw new IllegalArgumentException(source + ": 'contracts' must be an array");
    }
    List<SignalContract> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      JsonNode c = arr.get(i);
      String where = source + ": contracts[" + i + "]";
      try {
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!CONTRACT_FIELDS.contains(f)) {
            throw new IllegalArgumentException("unknown field '" + f + "'");
          }
        }
        SignalSpec spec = new SignalSpec(text(c, "name"), c.path("major").asInt(0));
        out.add(new SignalContract(
            spec, parseType(c.path("type")), text(c, "producer"), text(c, "owner"), text(c, "description"),
            c.path("calibration").asText(""), c.path("freshness").asText(""), c.path("coverage").asText("")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return v.asText();
  }

  static ValueType parseType(JsonNode t) {
    return ValueCodecs.standard().parseType(t);
  }
}
