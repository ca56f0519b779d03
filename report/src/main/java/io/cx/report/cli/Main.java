package io.cx.report.cli;

import io.cx.report.ExitCodes;
import io.cx.report.failure.Failure;
import io.cx.report.failure.ReportedFailure;
import java.io.PrintWriter;
import java.util.Optional;
import java.net.URL;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cx} command line. */
@Command(
    name = "cx",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Customer-experience analytics: touchpoint events in, KPI tables out (Parquet).",
    subcommands = {RunCommand.class, BackfillCommand.class, DemoCommand.class, InspectCommand.class, VerifyCommand.class, ReportCommand.class, CatalogCommand.class, SqlCommand.class,
        GenerateCommand.class, BenchCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:runtime failure (I/O, Spark); a retry may help",
      "2:usage, configuration, input or mapping error",
      "3:data-quality gate failed: too many rejected rows, nothing published",
      "4:another run holds the output's lock; nothing was done"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    useOwnLoggingConfig();
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(Main::executionError);
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("cx: " + e.getMessage());
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  /**
   * One line on the console, the stack trace in the log at debug level ({@code CX_LOG_LEVEL=debug}):
   * a scheduler's log shows what to fix, not 200 lines of Spark internals.
   */
  private static int executionError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    Failure failure = e instanceof ReportedFailure reported ? reported.failure() : Failure.of(e, Optional.empty());
    org.slf4j.LoggerFactory.getLogger(Main.class).debug("the command failed", e);
    cl.getErr().println("cx: " + failure.message());
    if (failure.exitCode() == ExitCodes.RUNTIME_FAILURE) {
      cl.getErr().println("cx: for the stack trace, run again with CX_LOG_LEVEL=debug");
    }
    cl.getErr().flush();
    return failure.exitCode();
  }

  /**
   * Started directly (not under spark-submit, where logging is set up before this runs), log our
   * stage lines and only Spark's warnings, to stderr.
   */
  private static void useOwnLoggingConfig() {
    boolean debug = "debug".equalsIgnoreCase(System.getenv("CX_LOG_LEVEL"));
    URL config = Main.class.getResource(debug ? "/cx-log4j2-debug.properties" : "/cx-log4j2.properties");
    if (System.getProperty("log4j2.configurationFile") == null && config != null) {
      System.setProperty("log4j2.configurationFile", config.toString());
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cx " + (v == null ? "(development build)" : v)
          + ", Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
    }
  }
}
