package dev.prism.label.lf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.label.io.LabelDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A set of declarative labeling functions read from JSON:
 *
 * <pre>{@code
 * {"labels": ["HAM", "SPAM"],
 *  "lfs": [
 *    {"name": "keyword_my", "type": "keyword", "words": ["my"], "match": "word", "label": "SPAM"},
 *    {"name": "regex_check_out", "type": "regex", "pattern": "check.*out", "flags": "i", "label": "SPAM"},
 *    {"name": "short_comment", "type": "length", "op": "<", "words": 5, "label": "HAM"},
 *    {"name": "has_url", "type": "threshold", "signal": "text_stats", "feature": "url_count",
 *     "op": ">", "value": 0, "label": "SPAM"}]}
 * }</pre>
 *
 * {@code label} is a class name from {@code labels} or its index. Keyword {@code match} is {@code
 * word} (default) or {@code substring}. Regex {@code flags}: {@code i} case-insensitive, {@code m}
 * multiline, {@code s} dot matches newline, {@code u} Unicode case, {@code x} comments. {@code
 * signal} may carry a major version ({@code text_stats@1}).
 *
 * @param labels the class names, index = class
 */
public record LfFile(List<String> labels, List<DeclarativeLf> lfs) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public LfFile {
    labels = List.copyOf(labels);
    lfs = List.copyOf(lfs);
  }

  public int k() {
    return labels.size();
  }

  public List<String> names() {
    return lfs.stream().map(LabelingFunction::name).toList();
  }

  public static LfFile read(Path file) {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return read(file, in);
    } catch (IOException e) {
      if (e instanceof JsonProcessingException jp) {
        throw new LabelDataException(file, jp.getLocation() == null ? -1 : jp.getLocation().getLineNr(), null,
            "malformed JSON: " + jp.getOriginalMessage(), e);
      }
      throw LabelDataException.unreadable(file, "LF file", e);
    }
  }

  /** Reads from a stream; {@code file} names it in messages (e.g. a classpath resource). */
  public static LfFile read(Path file, InputStream in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException jp) {
      throw new LabelDataException(file, jp.getLocation() == null ? -1 : jp.getLocation().getLineNr(), null,
          "malformed JSON: " + jp.getOriginalMessage(), jp);
    }
    if (root == null || !root.isObject()) {
      throw new LabelDataException(file, 1, null, "expected an object with \"labels\" and \"lfs\"");
    }
    JsonNode labelsNode = root.get("labels");
    if (labelsNode == null || !labelsNode.isArray() || labelsNode.size() < 2) {
      throw new LabelDataException(file, -1, null, "\"labels\" must be an array of at least 2 class names");
    }
    List<String> labels = new ArrayList<>();
    labelsNode.forEach(n -> labels.add(n.asText()));
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new LabelDataException(file, -1, null, "\"labels\" has duplicate class names: " + labels);
    }
    JsonNode lfsNode = root.get("lfs");
    if (lfsNode == null || !lfsNode.isArray() || lfsNode.isEmpty()) {
      throw new LabelDataException(file, -1, null, "\"lfs\" must be a non-empty array");
    }
    List<DeclarativeLf> lfs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lfsNode.size(); i++) {
      JsonNode n = lfsNode.get(i);
      String where = "lfs[" + i + "]";
      try {
        DeclarativeLf lf = parseLf(n, labels, where);
        if (!seen.add(lf.name())) {
          throw new IllegalArgumentException("duplicate LF name '" + lf.name() + "'");
        }
        lfs.add(lf);
      } catch (LabelDataException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new LabelDataException(file, -1, null, where + ": " + e.getMessage(), e);
      }
    }
    return new LfFile(labels, lfs);
  }

  private static DeclarativeLf parseLf(JsonNode n, List<String> labels, String where) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("is not an object");
    }
    String name = text(n, "name");
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("name '" + name + "' must be an identifier ([A-Za-z_][A-Za-z0-9_.-]*)");
    }
    String type = text(n, "type");
    int label = label(n, labels, name);
    return switch (type) {
      case "keyword" -> {
        JsonNode w = n.get("words");
        if (w == null || !w.isArray() || w.isEmpty()) {
          throw new IllegalArgumentException("keyword LF '" + name + "' needs a non-empty \"words\" array");
        }
        List<String> words = new ArrayList<>();
        w.forEach(x -> words.add(x.asText()));
        String match = n.has("match") ? n.get("match").asText() : "word";
        DeclarativeLf.KeywordMatch km = switch (match) {
          case "word" -> DeclarativeLf.KeywordMatch.WORD;
          case "substring" -> DeclarativeLf.KeywordMatch.SUBSTRING;
          default -> throw new IllegalArgumentException(
              "keyword LF '" + name + "': match '" + match + "' is not 'word' or 'substring'");
        };
        yield new DeclarativeLf.Keyword(name, words, km, label);
      }
      case "regex" -> {
        String pattern = text(n, "pattern");
        int flags = 0;
        String f = n.has("flags") ? n.get("flags").asText() : "";
        for (char c : f.toCharArray()) {
          flags |= switch (c) {
            case 'i' -> Pattern.CASE_INSENSITIVE;
            case 'm' -> Pattern.MULTILINE;
            case 's' -> Pattern.DOTALL;
            case 'u' -> Pattern.UNICODE_CASE;
            case 'x' -> Pattern.COMMENTS;
            default -> throw new IllegalArgumentException(
                "regex LF '" + name + "': unknown flag '" + c + "' (known: i, m, s, u, x)");
          };
        }
        try {
          yield new DeclarativeLf.Regex(name, Pattern.compile(pattern, flags), label);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("regex LF '" + name + "': invalid pattern: " + e.getMessage());
        }
      }
      case "length" -> {
        Comparison op = Comparison.parse(text(n, "op"));
        JsonNode w = n.get("words");
        if (w == null || !w.canConvertToExactIntegral() || w.asInt() < 0) {
          throw new IllegalArgumentException("length LF '" + name + "' needs \"words\": a count >= 0");
        }
        yield new DeclarativeLf.Length(name, op, w.asInt(), label);
      }
      case "threshold" -> {
        String sig = text(n, "signal");
        int major = 0;
        int at = sig.indexOf('@');
        if (at >= 0) {
          try {
            major = Integer.parseInt(sig.substring(at + 1));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold LF '" + name + "': bad signal version in '" + sig + "'");
          }
          sig = sig.substring(0, at);
        }
        String feature = n.has("feature") ? n.get("feature").asText() : null;
        JsonNode v = n.get("value");
        if (v == null || !v.isNumber()) {
          throw new IllegalArgumentException("threshold LF '" + name + "' needs a numeric \"value\"");
        }
        yield new DeclarativeLf.Threshold(name, sig, major, feature, Comparison.parse(text(n, "op")), v.asDouble(),
            label);
      }
      default -> throw new IllegalArgumentException(
          "LF '" + name + "' has unknown type '" + type + "' (expected keyword, regex, length or threshold)");
    };
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("missing string field \"" + field + "\"");
    }
    return v.asText();
  }

  private static int label(JsonNode n, List<String> labels, String name) {
    JsonNode v = n.get("label");
    if (v == null) {
      throw new IllegalArgumentException("LF '" + name + "' has no \"label\"");
    }
    if (v.canConvertToExactIntegral()) {
      int c = v.asInt();
      if (c < 0 || c >= labels.size()) {
        throw new IllegalArgumentException("LF '" + name + "': label " + c + " outside [0, " + labels.size() + ")");
      }
      return c;
    }
    int c = labels.indexOf(v.asText());
    if (c < 0) {
      c = labels.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList().indexOf(v.asText().toLowerCase(Locale.ROOT));
    }
    if (c < 0) {
      throw new IllegalArgumentException("LF '" + name + "': unknown label '" + v.asText() + "' (labels: " + labels + ")");
    }
    return c;
  }
}
