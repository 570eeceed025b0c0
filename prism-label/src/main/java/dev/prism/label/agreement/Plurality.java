package dev.prism.label.agreement;

/**
 * The plurality vote of one item: the class with the most votes, and whether another class has
 * as many. Ties are reported, never broken here, because each caller resolves them by its own
 * policy ({@link GoldPolicy}, or a label model's {@code TieBreak}).
 *
 * @param winner the class with the most votes (the lowest such class on a tie), or {@link
 *     Agreement#UNRESOLVED} when no class has a vote
 * @param votes the winner's vote count (0 when there are no votes)
 * @param tie whether at least two classes share the highest count (never true without votes)
 */
public record Plurality(int winner, int votes, boolean tie) {

  /** The plurality over {@code counts[0..k)}, where {@code counts[c]} is the number of votes for class c. */
  public static Plurality of(int[] counts, int k) {
    int best = Agreement.UNRESOLVED;
    int bestCount = 0;
    boolean tie = false;
    for (int c = 0; c < k; c++) {
      if (counts[c] > bestCount) {
        best = c;
        bestCount = counts[c];
        tie = false;
      } else if (counts[c] == bestCount && bestCount > 0) {
        tie = true;
      }
    }
    return new Plurality(best, bestCount, tie);
  }

  /** A single class has strictly more votes than every other. */
  public boolean decided() {
    return winner != Agreement.UNRESOLVED && !tie;
  }
}
