package dev.prism.monitor.drift;

/**
 * One statistic of one series against its threshold.
 *
 * @param series the signal, or {@code signal.feature} for one feature of a features signal
 * @param statistic what was measured
 * @param value the measured value (NaN when not computed)
 * @param threshold the threshold that applied (0 = check off)
 * @param pValue the test's p-value for KS and chi-squared (the significance gate), else NaN
 * @param status the verdict
 */
public record Check(String series, Statistic statistic, double value, double threshold, double pValue, Status status) {

  /** A check's verdict. */
  public enum Status {
    /** Within the threshold. */
    OK,
    /** Past the threshold (and significant, for KS and chi-squared). */
    BREACH,
    /** The threshold is 0: not checked. */
    OFF,
    /** Too few values on one side to judge (monitor.min_samples). */
    INSUFFICIENT
  }

  public boolean breached() {
    return status == Status.BREACH;
  }
}
