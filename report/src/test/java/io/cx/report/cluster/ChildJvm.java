package io.cx.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts JVMs the way a cluster or a scheduler does: Spark and its dependencies from the Maven
 * classpath (no distribution), the JVM flags the build writes for the launcher, loopback only,
 * stdout and stderr to {@code <work>/<name>.log}.
 */
final class ChildJvm {
  private final Path work;

  ChildJvm(Path work) {
    this.work = work;
  }

  /** A JVM on the Spark classpath (plus {@code extraJar}, when given) running the given main class. */
  Process start(String name, List<String> mainAndArgs, String extraJar) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions());
    cmd.add("-Xmx1g");
    cmd.add("-Dlog4j2.configurationFile=" + logConfig().toUri());
    cmd.add("-cp");
    List<String> cp = new ArrayList<>(sparkClasspath());
    if (extraJar != null) {
      cp.add(0, extraJar);
    }
    cmd.add(String.join(File.pathSeparator, cp));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", work.resolve("local-dirs").toString());
    return pb.start();
  }

  /** The packaged jar under test: Spark left out, as on a cluster. */
  static Path cxJar() {
    Path jar = Paths.get("target", "cx.jar").toAbsolutePath();
    assertThat(jar).as("built by the package phase").exists();
    return jar;
  }

  /** A SPARK_HOME whose jars/ holds the Spark jars (links into the Maven repository): what a worker gives executors. */
  Path sparkHome() throws IOException {
    Path home = work.resolve("spark-home");
    Path jars = home.resolve("jars");
    if (Files.exists(jars)) {
      return home;
    }
    Files.createDirectories(jars);
    for (String entry : sparkClasspath()) {
      Path jar = Paths.get(entry);
      Path link = jars.resolve(jar.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    return home;
  }

  /** Jars of this JVM's classpath that come from Maven (Spark and its dependencies), not the project's own. */
  static List<String> sparkClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.endsWith(".jar") && !Paths.get(e).getFileName().toString().startsWith("cx-")
            && !e.contains("/io/cx/") && !e.contains("surefire") && !e.contains("failsafe"))
        .toList();
  }

  /** INFO to stdout: the lines tests wait for ("elected leader", "registered with master"). */
  Path logConfig() throws IOException {
    Path file = work.resolve("log4j2.properties");
    if (!Files.exists(file)) {
      Files.writeString(file, String.join("\n", "rootLogger.level = info", "rootLogger.appenderRef.out.ref = out",
          "appender.out.type = Console", "appender.out.name = out", "appender.out.layout.type = PatternLayout",
          "appender.out.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n", ""));
    }
    return file;
  }

  /** The JVM flags Spark needs, from the file the build writes for the launcher. */
  static List<String> jvmOptions() throws IOException {
    return Arrays.asList(Files.readString(Paths.get("target", "launcher", "jvm-options")).trim().split("\\s+"));
  }

  Path log(String name) {
    return work.resolve(name + ".log");
  }

  void awaitLog(String name, String line, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log(name)) && Files.readString(log(name)).contains(line)) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(name + " did not log '" + line + "' within " + timeout + "\n" + tail(name));
  }

  String tail(String name) {
    try {
      List<String> lines = Files.readAllLines(log(name));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
