package dev.prism.learn.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Numerical Optimization, Alg. 7.4 two-loop recursion)
 * with a backtracking Armijo line search. Meant for the smooth convex objectives of this module
 * (L2-regularised logistic regression, Platt scaling), where Armijo backtracking is enough.
 */
public final class Lbfgs {
  /** Curvature pairs kept; 10 is the customary default (liblinear, scipy use 10 as well). */
  public static final int DEFAULT_HISTORY = 10;
  /** Sufficient-decrease constant of the Armijo condition. */
  private static final double ARMIJO_C1 = 1e-4;
  private static final int MAX_BACKTRACKS = 60;
  /** Stop when an iteration improves the objective by less than this, relative to |f|. */
  private static final double RELATIVE_DECREASE_TOLERANCE = 1e-12;

  /** f(x); writes ∇f(x) into {@code grad}. */
  @FunctionalInterface
  public interface Objective {
    double valueAndGradient(double[] x, double[] grad);
  }

  /** Outcome of a minimisation. */
  public record Result(double[] x, double value, double gradientNorm, int iterations, boolean converged, String stopReason) {}

  private final int history;
  private final int maxIterations;
  private final double gradientTolerance;

  public Lbfgs(int history, int maxIterations, double gradientTolerance) {
    if (history < 1 || maxIterations < 1 || !(gradientTolerance > 0)) {
      throw new IllegalArgumentException("L-BFGS needs history >= 1, maxIterations >= 1 and gradientTolerance > 0, got "
          + history + ", " + maxIterations + ", " + gradientTolerance);
    }
    this.history = history;
    this.maxIterations = maxIterations;
    this.gradientTolerance = gradientTolerance;
  }

  public Result minimize(Objective f, double[] x0) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    if (!Double.isFinite(fx)) {
      throw new IllegalArgumentException("objective is not finite at the starting point: " + fx);
    }
    Deque<double[]> sHist = new ArrayDeque<>();
    Deque<double[]> yHist = new ArrayDeque<>();
    Deque<Double> rhoHist = new ArrayDeque<>();
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    for (int iter = 0; iter < maxIterations; iter++) {
      double gNorm = normInf(g);
      if (gNorm <= gradientTolerance) {
        return new Result(x, fx, gNorm, iter, true, "gradient norm " + gNorm + " <= " + gradientTolerance);
      }
      double[] d = direction(g, sHist, yHist, rhoHist);
      double slope = MathUtil.dot(d, g);
      if (!(slope < 0)) {
        // the quasi-Newton direction is not a descent direction (can happen after a bad
        // curvature pair): forget the history and take steepest descent
        sHist.clear();
        yHist.clear();
        rhoHist.clear();
        d = negate(g);
        slope = MathUtil.dot(d, g);
      }
      // first step: unit-length steepest descent; later steps: the quasi-Newton step of length 1
      double step = sHist.isEmpty() ? 1.0 / Math.max(1.0, norm2(g)) : 1.0;
      double fNew = Double.NaN;
      int back = 0;
      while (true) {
        for (int j = 0; j < n; j++) {
          xNew[j] = x[j] + step * d[j];
        }
        fNew = f.valueAndGradient(xNew, gNew);
        if (Double.isFinite(fNew) && fNew <= fx + ARMIJO_C1 * step * slope) {
          break;
        }
        if (++back > MAX_BACKTRACKS) {
          return new Result(x, fx, gNorm, iter, false, "line search failed to decrease the objective");
        }
        step *= 0.5;
      }
      double[] s = new double[n];
      double[] y = new double[n];
      for (int j = 0; j < n; j++) {
        s[j] = xNew[j] - x[j];
        y[j] = gNew[j] - g[j];
      }
      double sy = MathUtil.dot(s, y);
      if (sy > 1e-12 * MathUtil.dot(y, y)) { // keep only pairs with positive curvature
        sHist.addLast(s);
        yHist.addLast(y);
        rhoHist.addLast(1.0 / sy);
        if (sHist.size() > history) {
          sHist.removeFirst();
          yHist.removeFirst();
          rhoHist.removeFirst();
        }
      }
      double decrease = fx - fNew;
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      if (decrease <= RELATIVE_DECREASE_TOLERANCE * Math.max(1.0, Math.abs(fx))) {
        return new Result(x, fx, normInf(g), iter + 1, true, "relative decrease below " + RELATIVE_DECREASE_TOLERANCE);
      }
    }
    return new Result(x, fx, normInf(g), maxIterations, false, "reached " + maxIterations + " iterations");
  }

  /** Two-loop recursion: returns -H g for the implicit inverse-Hessian approximation H. */
  private static double[] direction(double[] g, Deque<double[]> sHist, Deque<double[]> yHist, Deque<Double> rhoHist) {
    int m = sHist.size();
    double[] q = g.clone();
    double[][] s = sHist.toArray(new double[0][]);
    double[][] y = yHist.toArray(new double[0][]);
    Double[] rho = rhoHist.toArray(new Double[0]);
    double[] alpha = new double[m];
    for (int i = m - 1; i >= 0; i--) {
      alpha[i] = rho[i] * MathUtil.dot(s[i], q);
      axpy(-alpha[i], y[i], q);
    }
    if (m > 0) {
      double gamma = MathUtil.dot(s[m - 1], y[m - 1]) / MathUtil.dot(y[m - 1], y[m - 1]);
      for (int j = 0; j < q.length; j++) {
        q[j] *= gamma;
      }
    }
    for (int i = 0; i < m; i++) {
      double beta = rho[i] * MathUtil.dot(y[i], q);
      axpy(alpha[i] - beta, s[i], q);
    }
    return negate(q);
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] += a * x[j];
    }
  }

  private static double[] negate(double[] v) {
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = -v[j];
    }
    return out;
  }

  private static double norm2(double[] v) {
    return Math.sqrt(MathUtil.dot(v, v));
  }

  private static double normInf(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
