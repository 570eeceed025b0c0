package dev.prism.label.model;

import dev.prism.label.matrix.LabelMatrix;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snorkel's label model, MeTaL (Ratner et al., "Training Complex Models with Multi-Task Weak
 * Supervision", AAAI 2019), without a dependency graph: the parameters μ_{(j,v),c} = P(λ_j = v | Y =
 * c) are fitted to the observed vote overlap matrix O (O_{ab} = P(feature a and feature b on one
 * item), features a = (j, v)) by matrix completion: conditional independence says O = μ P μᵀ off
 * the LF-diagonal blocks (P = diag of the class balance), so minimise
 *
 * <pre>
 *   ‖(O − μPμᵀ)[off-block]‖² + Σ_a (Σ_c μ_{a,c} p_c − O_aa)² + l2 ‖μ − μ₀‖²
 * </pre>
 *
 * by full-batch SGD with momentum 0.9 (Snorkel's loss and default optimizer), starting, as Snorkel does, from
 * μ₀_{(j,c),c} = P(λ_j = c)·{@link FitOptions#PRIOR_ACCURACY}/p_c and 0 elsewhere, so class index
 * c starts tied to the votes for c. The class-dependent coverage of an LF that only ever votes one
 * class is what the overlaps identify (Snorkel's "fixed polarity" LFs). Prediction is Snorkel's:
 * P(Y = c | λ) ∝ p_c Π_{j voted} clip(μ, 0.01, 0.99).
 *
 * <p>Snorkel also searches column permutations of μ after training to undo label switching; with
 * the diagonal start and the l2 pull towards it the columns stay tied to their classes, and the
 * search is k! (362,880 for k = 9), so it is left out.
 *
 * @param balance the class balance p: uniform or given (e.g. from valid); a learned balance is
 *     rejected (matrix completion takes p as known, as Snorkel does)
 * @param epochs full-batch steps (Snorkel's default 100)
 * @param learningRate SGD step size (Snorkel's default 0.01)
 * @param l2 pull towards μ₀ (Snorkel's default 0)
 */
public record MatrixCompletionModel(ClassBalance balance, int epochs, double learningRate, double l2)
    implements LabelModel {

  private static final Logger LOG = LoggerFactory.getLogger(MatrixCompletionModel.class);

  public static final int DEFAULT_EPOCHS = 100;
  public static final double DEFAULT_LEARNING_RATE = 0.01;
  public static final double DEFAULT_L2 = 0.0;

  /** Snorkel's SGD momentum. */
  public static final double MOMENTUM = 0.9;

  /** Snorkel clips μ to this range before prediction, so no vote is impossible under any class. */
  public static final double CLIP = 0.01;

  public MatrixCompletionModel {
    if (balance == null) {
      throw new IllegalArgumentException("class balance must not be null");
    }
    if (balance instanceof ClassBalance.Learned) {
      throw new IllegalArgumentException("metal takes the class balance as known: use uniform or a given balance");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
    }
  }

  public MatrixCompletionModel() {
    this(new ClassBalance.Uniform(), DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_L2);
  }

  public MatrixCompletionModel(ClassBalance balance) {
    this(balance, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_L2);
  }

  @Override
  public String name() {
    return "metal";
  }

  @Override
  public ClassConditionalModel fit(LabelMatrix labels) {
    int m = labels.m();
    int k = labels.k();
    int d = m * k;
    double[] p = EmEngine.startPrior(balance, k);
    long t0 = System.nanoTime();
    Moments o = Moments.of(labels, name());
    double[] mu0 = new double[d * k];
    for (int j = 0; j < m; j++) {
      for (int c = 0; c < k; c++) {
        int a = j * k + c;
        mu0[a * k + c] = Math.min(1.0, Math.max(0.0, o.single()[a] * FitOptions.PRIOR_ACCURACY / p[c]));
      }
    }
    double[] mu = mu0.clone();
    double[] velocity = new double[d * k];
    double[] grad = new double[d * k];
    double loss = Double.NaN;
    for (int t = 1; t <= epochs; t++) {
      loss = gradient(o, mu, mu0, p, m, k, grad);
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("metal: loss is " + loss + " at epoch " + t + "; lower the learning rate");
      }
      // PyTorch's SGD with momentum (Snorkel's default optimizer): v = μ·v + g, θ −= lr·v.
      for (int x = 0; x < mu.length; x++) {
        velocity[x] = MOMENTUM * velocity[x] + grad[x];
        mu[x] -= learningRate * velocity[x];
      }
    }
    for (int x = 0; x < mu.length; x++) {
      mu[x] = Math.min(1 - CLIP, Math.max(CLIP, mu[x]));
    }
    LOG.info("metal: {} × {} LFs × {} classes, {} epochs, final loss {}, {} ms", labels.n(), m, k, epochs, loss,
        (System.nanoTime() - t0) / 1_000_000);
    return ClassConditionalModel.fromParameters(name(), labels, mu, p, epochs, true);
  }

  /** Loss and its gradient in {@code grad}; rows of the d × d residual in parallel. */
  private double gradient(Moments o, double[] mu, double[] mu0, double[] p, int m, int k, double[] grad) {
    int d = o.d();
    double[] pair = o.pair();
    double[] rowLoss = new double[d];
    IntStream.range(0, d).parallel().forEach(a -> {
      int ja = a / k;
      double[] g = new double[k];
      double l = 0;
      for (int b = 0; b < d; b++) {
        if (b / k == ja) {
          continue;
        }
        double model = 0;
        for (int c = 0; c < k; c++) {
          model += mu[a * k + c] * p[c] * mu[b * k + c];
        }
        double r = pair[a * d + b] - model;
        l += r * r;
        for (int c = 0; c < k; c++) {
          g[c] += r * mu[b * k + c];
        }
      }
      double marg = -o.single()[a];
      for (int c = 0; c < k; c++) {
        marg += mu[a * k + c] * p[c];
      }
      l += marg * marg;
      for (int c = 0; c < k; c++) {
        double dev = mu[a * k + c] - mu0[a * k + c];
        l += l2 * dev * dev;
        // d/dμ_ac of the symmetric off-block term counts each residual twice: −4 p_c (Rμ)_ac.
        grad[a * k + c] = -4 * p[c] * g[c] + 2 * marg * p[c] + 2 * l2 * dev;
      }
      rowLoss[a] = l;
    });
    double loss = 0;
    for (double x : rowLoss) {
      loss += x;
    }
    return loss;
  }
}
