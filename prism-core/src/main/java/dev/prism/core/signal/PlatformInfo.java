package dev.prism.core.signal;

import java.util.Locale;

/**
 * The platform a value, a snapshot or a head was computed on, recorded beside the code version
 * (as Tribuo's {@code ModelProvenance} records {@code java.version}, {@code os.name},
 * {@code os.arch}). Floating-point results of the same code can differ across platforms: ONNX
 * Runtime picks its matrix kernels by CPU (AVX2, AVX-512, NEON) and the JIT may vectorise
 * differently, so provenance says where a number came from (see docs/reproducibility.md).
 *
 * <p>{@code arch} is the JVM's architecture name ({@code amd64}, {@code aarch64}); it does not
 * tell the SIMD extensions of the CPU, which Java cannot read portably.
 *
 * @param jvm vendor and full runtime version, e.g. {@code "Eclipse Adoptium 25.0.3+9-LTS"}
 * @param os name and kernel version, e.g. {@code "Linux 6.1.0-37-cloud-amd64"}
 * @param arch {@code os.arch}, e.g. {@code "amd64"}
 * @param cpus processors available to the JVM ({@link Runtime#availableProcessors()})
 */
public record PlatformInfo(String jvm, String os, String arch, int cpus) {

  public PlatformInfo {
    jvm = requireText(jvm, "jvm");
    os = requireText(os, "os");
    arch = requireText(arch, "arch");
    if (cpus < 1) {
      throw new IllegalArgumentException("platform cpus must be >= 1, got " + cpus);
    }
  }

  private static final PlatformInfo CURRENT = new PlatformInfo(
      join(System.getProperty("java.vendor"), runtimeVersion()),
      join(System.getProperty("os.name"), System.getProperty("os.version")),
      orUnknown(System.getProperty("os.arch")).toLowerCase(Locale.ROOT),
      Runtime.getRuntime().availableProcessors());

  /**
   * This JVM's platform. The processor count is read once, at class initialisation: it is the
   * count the process started with (a container's CPU limit), not a live value.
   */
  public static PlatformInfo current() {
    return CURRENT;
  }

  @Override
  public String toString() {
    return jvm + ", " + os + ", " + arch + ", " + cpus + " cpus";
  }

  private static String runtimeVersion() {
    String v = System.getProperty("java.runtime.version");
    return v != null ? v : Runtime.version().toString();
  }

  private static String join(String a, String b) {
    return (orUnknown(a) + " " + orUnknown(b)).strip();
  }

  private static String orUnknown(String s) {
    return s == null || s.isBlank() ? "unknown" : s.strip();
  }

  private static String requireText(String s, String field) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("platform " + field + " must be a non-empty string, got " + (s == null ? "null" : "'" + s + "'"));
    }
    return s;
  }
}
