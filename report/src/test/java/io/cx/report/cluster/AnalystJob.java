package io.cx.report.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the example job of examples/analyst-job the way its README says an analyst would: javac
 * against cx.jar and Spark, then a jar of the classes.
 */
final class AnalystJob {
  static final Path SOURCES = Path.of("..", "examples", "analyst-job", "src");

  private AnalystJob() {}

  static Path build(Path dir) throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
    }
    assertThat(sources).isNotEmpty();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath = ChildJvm.cxJar() + java.io.File.pathSeparator + System.getProperty("java.class.path");
    List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-cp", classpath, "--release", "17"));
    args.addAll(sources);
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac of the example job").isZero();
    Path jar = dir.resolve("analyst-job.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, (OutputStream) out);
        out.closeEntry();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return jar;
  }
}
