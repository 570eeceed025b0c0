package dev.prism.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a registered version: {@code spam@v3} (a version number) or {@code spam@production}
 * (an alias). {@code spam@1} is refused: in Prism {@code @1} is a contract major ({@code spam@1} the
 * signal), not a registry version, and guessing between the two would hand back the wrong model.
 */
public record ModelRef(String signal, Optional<Integer> version, Optional<String> alias) {
  static final Pattern SIGNAL = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern REF = Pattern.compile("([^@]+)@(.+)");
  private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,8})");

  public static ModelRef parse(String text) {
    Matcher m = text == null ? null : REF.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("model reference must be SIGNAL@vN or SIGNAL@ALIAS (e.g. spam@v3, spam@production), got '"
          + text + "'");
    }
    String signal = requireSignal(m.group(1));
    String rest = m.group(2);
    Matcher v = VERSION.matcher(rest);
    if (v.matches()) {
      return new ModelRef(signal, Optional.of(Integer.parseInt(v.group(1))), Optional.empty());
    }
    if (rest.matches("[0-9]+")) {
      throw new IllegalArgumentException("'" + text + "': @" + rest + " is a contract major, not a registry version; write "
          + signal + "@v" + rest + " for registry version " + rest + " or " + signal + "@ALIAS");
    }
    return new ModelRef(signal, Optional.empty(), Optional.of(requireAlias(rest)));
  }

  static String requireSignal(String s) {
    if (s == null || !SIGNAL.matcher(s).matches()) {
      throw new IllegalArgumentException("signal name must match " + SIGNAL.pattern() + " (e.g. spam), got '" + s + "'");
    }
    return s;
  }

  static String requireAlias(String a) {
    if (a == null || !ALIAS.matcher(a).matches() || VERSION.matcher(a).matches()) {
      throw new IllegalArgumentException("alias must match " + ALIAS.pattern() + " and not look like a version (v3), got '"
          + a + "'");
    }
    return a;
  }

  @Override
  public String toString() {
    return signal + "@" + version.map(v -> "v" + v).orElseGet(alias::orElseThrow);
  }
}
