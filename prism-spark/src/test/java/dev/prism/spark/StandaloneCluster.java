package dev.prism.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A real Spark standalone cluster for tests: one Master and {@code workers} Workers, each its own
 * JVM started from the Spark jars, on 127.0.0.1.
 *
 * <p>A Worker launches executors with Spark's launcher ({@code WorkerCommandBuilder}), which builds
 * their class path from {@code SPARK_HOME/jars/*} and fails without that directory; it also needs
 * {@code SPARK_SCALA_VERSION} (a binary distribution's scripts set it; the launcher otherwise looks
 * for a source build's {@code launcher/target/scala-2.13}). So the cluster gets a temporary
 * SPARK_HOME whose {@code jars/} holds links to the jars of this JVM's class path that the
 * application does not bring itself: the jars whose classes the job jar does not contain. That is
 * what a Spark distribution provides on a real cluster (Spark, Scala, Hadoop, Jackson, ...); the
 * application (Prism, its models, ONNX Runtime) arrives only in the job jar.
 *
 * <p>{@link #close} stops the Workers gracefully first (a Worker kills its executors on shutdown),
 * then forcibly, executors included, and finally the Master; a JVM shutdown hook does the same if
 * the test JVM dies before.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final Path logs;
  private final List<Process> processes = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "standalone-cluster-stop");
  private final int masterPort;
  private final int webUiPort;

  private StandaloneCluster(Path dir) throws IOException {
    this.home = dir.resolve("spark-home");
    this.logs = Files.createDirectories(dir.resolve("logs"));
    this.masterPort = freePort();
    this.webUiPort = freePort();
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts a Master and {@code workers} Workers with {@code coresPerWorker} cores and {@code memory}
   * each, and waits until all are registered (the Master's {@code /json}).
   *
   * @param classPath this JVM's class path (Spark and everything else)
   * @param jobJar the application's jar: jars whose classes it holds are left out of SPARK_HOME
   */
  static StandaloneCluster start(Path dir, List<String> classPath, Path jobJar, int workers, int coresPerWorker,
      String memory) throws Exception {
    StandaloneCluster c = new StandaloneCluster(dir);
    try {
      c.linkJars(classPath, jobJar);
      // no REST submission server: it binds the fixed port 6066, which concurrent builds would fight over
      c.launch("master", List.of("-Dspark.master.rest.enabled=false", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", "" + c.masterPort, "--webui-port", "" + c.webUiPort));
      for (int i = 0; i < workers; i++) {
        Path work = Files.createDirectories(dir.resolve("work-" + i));
        c.launch("worker-" + i, List.of("-Dspark.worker.cleanup.enabled=false", "org.apache.spark.deploy.worker.Worker", c.masterUrl(), "--host", "127.0.0.1",
            "--port", "0", "--webui-port", "0", "--cores", "" + coresPerWorker, "--memory", memory,
            "--work-dir", work.toString()));
      }
      c.awaitWorkers(workers, Duration.ofSeconds(90));
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  Path sparkHome() {
    return home;
  }

  /** The cluster's jars: what {@code SparkSubmit} runs on, as on a machine with a Spark distribution. */
  String sparkClassPath() {
    return home.resolve("jars") + File.separator + "*";
  }

  /** The environment every cluster JVM (and a spark-submit against it) gets. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
        "JAVA_HOME", System.getProperty("java.home"), "SPARK_NO_DAEMONIZE", "1");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The logs of every JVM started so far, for an assertion message. */
  String logs() {
    StringBuilder sb = new StringBuilder();
    try (var s = Files.list(logs)) {
      for (Path p : s.sorted().toList()) {
        String text = Files.readString(p);
        sb.append("==== ").append(p.getFileName()).append('\n')
            .append(text, Math.max(0, text.length() - 4000), text.length()).append('\n');
      }
    } catch (IOException e) {
      sb.append(e);
    }
    return sb.toString();
  }

  private void linkJars(List<String> classPath, Path jobJar) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Set<String> carried = new HashSet<>();
    try (JarFile job = new JarFile(jobJar.toFile())) {
      job.stream().map(JarEntry::getName).filter(n -> !n.endsWith("/")).forEach(carried::add);
    }
    int i = 0;
    for (String entry : classPath) {
      Path p = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p) || p.toAbsolutePath().equals(jobJar.toAbsolutePath())) {
        continue; // class directories are this build's own classes: the job jar carries them
      }
      String probe = firstContentEntry(p);
      if (probe != null && carried.contains(probe)) {
        continue; // the application brings it
      }
      // a numbered name: two artifacts may have the same file name
      Files.createSymbolicLink(jars.resolve(String.format("%03d-%s", i++, p.getFileName())), p.toAbsolutePath());
    }
  }

  /** The jar's first file that is no metadata (a class or a resource), to ask whether the job jar holds it. */
  private static String firstContentEntry(Path jar) throws IOException {
    try (JarFile f = new JarFile(jar.toFile())) {
      return f.stream().map(JarEntry::getName)
          .filter(n -> !n.endsWith("/") && !n.startsWith("META-INF/") && !n.equals("module-info.class"))
          .findFirst().orElse(null);
    }
  }

  private void launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", sparkClassPath()));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    pb.environment().putAll(environment());
    processes.add(pb.start());
  }

  private void awaitWorkers(int workers, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NORMAL).build(); // /json answers with a redirect to /json/
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster JVM exited with " + p.exitValue() + "\n" + logs());
        }
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode state = json.readTree(r.body());
        last = r.body();
        long alive = 0;
        for (JsonNode w : state.path("workers")) {
          if ("ALIVE".equals(w.path("state").asText())) {
            alive++;
          }
        }
        if (alive >= workers) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // the Master is not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("workers not registered within " + timeout + "; last: " + last + "\n" + logs());
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) stopAll
    }
  }

  /** Workers first (gracefully: a Worker kills its executors), then anything left, executors included. */
  private synchronized void stopAll() {
    List<Process> reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed); // workers before the master
    for (Process p : reversed) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
    processes.clear();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
