package dev.prism.monitor.prevalence;

import java.util.List;

/**
 * One score stratum of a prevalence sample.
 *
 * @param index 0 = lowest scores
 * @param lower scores in this stratum are above this (−∞ for the first)
 * @param upper and at most this (+∞ for the last)
 * @param population N_h, items of the population in the stratum
 * @param sampled the ids drawn for labelling (without replacement)
 */
public record Stratum(int index, double lower, double upper, long population, List<String> sampled) {
  public Stratum {
    sampled = List.copyOf(sampled);
    if (sampled.size() > population) {
      throw new IllegalArgumentException("stratum " + index + ": " + sampled.size() + " sampled of " + population);
    }
  }
}
