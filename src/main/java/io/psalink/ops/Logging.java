package io.psalink.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging of the {@code run} command: plain text lines by default, JSON lines with {@code json}
 * (logback's own {@link JsonEncoder}: no extra dependency, one object per line, and the message is
 * the formatted one). java.util.logging (used by parts of fabric8 and the mock server) is bridged to
 * SLF4J.
 */
public final class Logging {
  public static final String TEXT = "text";
  public static final String JSON = "json";

  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  /** Third-party loggers that are noisy at INFO. */
  static final Map<String, Level> QUIET =
      Map.of(
          "io.fabric8", Level.WARN,
          "okhttp3", Level.WARN,
          "io.fabric8.mockwebserver", Level.WARN,
          "io.javaoperatorsdk", Level.INFO);

  private Logging() {}

  /**
   * Replaces the logback configuration: one appender on standard output, root at INFO.
   *
   * @param format {@code text} or {@code json} (case-insensitive); null means text
   * @throws IllegalArgumentException for any other format
   */
  public static void configure(String format) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    install(format, console);
  }

  /** As {@link #configure(String)}, writing to {@code out} (which is never closed). */
  static void configure(String format, OutputStream out) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setOutputStream(new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws java.io.IOException {
        flush();
      }
    });
    install(format, appender);
  }

  private static void install(String format, OutputStreamAppender<ILoggingEvent> appender) {
    String f = format == null ? TEXT : format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals(TEXT) && !f.equals(JSON)) {
      throw new IllegalArgumentException(
          "log format must be '" + TEXT + "' or '" + JSON + "', not '" + format + "'");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    // keeps JUL levels in step with logback's, so that disabled JUL calls cost nothing
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);

    Encoder<ILoggingEvent> encoder = f.equals(JSON) ? jsonEncoder(context) : textEncoder(context);
    appender.setContext(context);
    appender.setName("stdout");
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));

    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    // the formatted message only: the raw pattern and its arguments would say it twice
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
