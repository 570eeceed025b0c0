package dev.prism.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps only at spaces. picocli wraps descriptions with
 * {@link java.text.BreakIterator#getLineInstance()}, which also allows a break after {@code .},
 * {@code :}, {@code ,} and {@code /} inside a token (picocli guards only {@code -}), so at 80 columns
 * {@code GET /openapi.json} came out as {@code /openapi.} + {@code json}, {@code e.g.} as
 * {@code e.} + {@code g.}, {@code graph.heads} as {@code graph.} + {@code heads}. Paths, URLs,
 * configuration keys and signal names must survive copy and paste, so every wrapped column here
 * breaks between words only; a single token longer than the whole column is still cut (nothing
 * else fits).
 *
 * <p>Description, header and footer paragraphs also get a hanging indent: a line that starts with
 * spaces (a list item such as {@code "  resume   keep the items already written"}) continues under
 * its text, not at the margin. {@code CLI.md} says how to write descriptions.
 */
final class HelpLayout implements CommandLine.IHelpFactory {

  @Override
  public Help create(CommandSpec spec, Help.ColorScheme scheme) {
    return new WordWrappingHelp(spec, scheme);
  }

  /** picocli's help with every wrapping table replaced by a {@link SpaceWrappingTable}. */
  static final class WordWrappingHelp extends Help {
    WordWrappingHelp(CommandSpec spec, Help.ColorScheme scheme) {
      super(spec, scheme);
    }

    private int width() {
      return commandSpec().usageMessage().width();
    }

    @Override
    public String description(Object... params) {
      return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
      return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
      return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    private String paragraphs(String[] values, Object... params) {
      if (values == null || values.length == 0) {
        return "";
      }
      SpaceWrappingTable table = new SpaceWrappingTable(colorScheme(), true, new Column(width(), 0, Column.Overflow.WRAP));
      table.indentWrappedLines = 0;
      for (String v : values) {
        table.addRowValues(format(v, params));
      }
      return table.toString();
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, Help.ColorScheme scheme) {
      Layout picocli = super.createDefaultLayout(options, positionals, scheme);
      SpaceWrappingTable table = new SpaceWrappingTable(scheme, false, picocli.textTable().columns());
      table.indentWrappedLines = picocli.textTable().indentWrappedLines;
      return new Layout(scheme, table, picocli.optionRenderer(), picocli.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
      TextTable picocli = super.createTextTable(map);
      SpaceWrappingTable table = new SpaceWrappingTable(colorScheme(), false, picocli.columns());
      table.indentWrappedLines = picocli.indentWrappedLines;
      return table;
    }

    /** As picocli's: each subcommand with the first paragraph of its header or description. */
    @Override
    public String commandList(Map<String, Help> subcommands) {
      if (subcommands.isEmpty()) {
        return "";
      }
      int nameWidth = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width() / 2);
      TextTable table = new SpaceWrappingTable(colorScheme(), false,
          new Column(nameWidth + 2, 2, Column.Overflow.SPAN), new Column(width() - (nameWidth + 2), 2, Column.Overflow.WRAP));
      for (Help sub : subcommands.values()) {
        CommandLine.Model.UsageMessageSpec usage = sub.commandSpec().usageMessage();
        String summary = usage.header().length > 0 ? usage.header()[0]
            : usage.description().length > 0 ? usage.description()[0] : "";
        Text[] lines = colorScheme().text(format(summary)).splitLines();
        for (int i = 0; i < lines.length; i++) {
          table.addRowValues(i == 0 ? sub.commandNamesText(",") : colorScheme().text(""), lines[i]);
        }
      }
      return table.toString();
    }

    /** picocli's description formatting: {@code %n} and friends, the text as is when it is not a format. */
    private static String format(String s, Object... params) {
      try {
        return s == null ? "" : String.format(s, params);
      } catch (IllegalFormatException e) {
        return s;
      }
    }
  }

  /** A {@link TextTable} whose wrapping columns break at spaces only. */
  static final class SpaceWrappingTable extends TextTable {
    private final Help.ColorScheme scheme;
    private final boolean hangingIndent;

    /**
     * @param hangingIndent continue an indented line (a list item) under its text rather than at
     *     the column's wrapped-line indent
     */
    SpaceWrappingTable(Help.ColorScheme scheme, boolean hangingIndent, Column... columns) {
      super(scheme, columns);
      this.scheme = scheme;
      this.hangingIndent = hangingIndent;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      if (value == null || value.plainString().isEmpty() || column.overflow != Column.Overflow.WRAP) {
        return super.putValue(row, col, value);
      }
      String plain = value.plainString();
      int first = column.width - column.indent;
      int hang = hangingIndent ? hangingIndent(plain, first) : indentWrappedLines;
      List<int[]> lines = wrap(plain, first, Math.max(1, first - hang));
      for (int i = 0; i < lines.size(); i++) {
        Text piece = value.substring(lines.get(i)[0], lines.get(i)[1]);
        if (i > 0) {
          row++;
          addEmptyRow();
          piece = scheme.text(" ".repeat(hang)).concat(piece);
        }
        super.putValue(row, col, piece); // fits: picocli copies it whole
      }
      return new Cell(col, row);
    }

    /** Where continuation lines of {@code line} start: under the text of a list item, else at the margin. */
    static int hangingIndent(String line, int width) {
      int lead = 0;
      while (lead < line.length() && line.charAt(lead) == ' ') {
        lead++;
      }
      if (lead == 0) {
        return 0;
      }
      // "  term   text": continue under "text" when the term is short
      int gap = line.indexOf("  ", lead);
      if (gap > 0) {
        int text = gap;
        while (text < line.length() && line.charAt(text) == ' ') {
          text++;
        }
        if (text < line.length() && text <= width / 2) {
          return text;
        }
      }
      return lead < width / 2 ? lead : 0;
    }

    /**
     * Line ranges [start, end) of {@code s}: the first line at most {@code first} characters, the
     * others at most {@code next}; breaks only at spaces (which are dropped), except inside a token
     * longer than a whole line.
     */
    static List<int[]> wrap(String s, int first, int next) {
      List<int[]> out = new ArrayList<>();
      int pos = 0;
      int width = first;
      while (s.length() - pos > width) {
        int cut = -1;
        for (int i = pos + width; i > pos; i--) {
          if (s.charAt(i) == ' ' && !s.substring(pos, i).isBlank()) {
            cut = i;
            break;
          }
        }
        int end;
        int resume;
        if (cut < 0) {
          end = pos + width; // one token longer than the line
          resume = end;
        } else {
          end = cut;
          while (s.charAt(end - 1) == ' ') {
            end--;
          }
          resume = cut;
          while (resume < s.length() && s.charAt(resume) == ' ') {
            resume++;
          }
        }
        out.add(new int[] {pos, end});
        pos = resume;
        width = next;
      }
      if (pos < s.length()) {
        out.add(new int[] {pos, s.length()});
      }
      return out;
    }
  }
}
