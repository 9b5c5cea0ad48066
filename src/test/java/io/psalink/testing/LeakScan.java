package io.psalink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.sandbox.halo.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged (at any level, any logger) while it is open, and scans it, the Events, the statuses
 * of all HaloLinks and any extra text (exception messages) for secret values. Secrets: every value the fixture
 * handed out, every token the simulator issued, and whatever a test adds.
 */
public final class LeakScan implements AutoCloseable {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<String> extraText = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Appender appender = new Appender();
  private final Logger root;
  private final java.util.Map<String, ch.qos.logback.classic.Level> levels = new java.util.HashMap<>();

  /**
   * Starts capturing; the operator's own loggers log at TRACE until {@link #close()} so that nothing of ours escapes
   * the scan; libraries log at their configured levels (WARN), as in production.
   */
  public LeakScan() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : List.of("io.psalink")) {
      Logger l = ctx.getLogger(name);
      levels.put(name, l.getLevel());
      l.setLevel(ch.qos.logback.classic.Level.TRACE);
    }
    appender.setContext(ctx);
    appender.start();
    root.addAppender(appender);
  }

  public void secret(String value) {
    if (value != null && value.length() >= 6) {
      secrets.add(value);
    }
  }

  public void secrets(Collection<String> values) {
    values.forEach(this::secret);
  }

  /** Text a test saw that a user could see too (an exception message, a CLI answer). */
  public void text(String value) {
    if (value != null) {
      extraText.add(value);
    }
  }

  public int linesCaptured() {
    return lines.size();
  }

  public int secretsChecked() {
    return secrets.size();
  }

  /**
   * Scans logs, Events, statuses and extra text of the fixture for every secret: the fixture's values, every token
   * any simulator instance issued, and those added here. Returns how many texts were scanned.
   */
  public int assertNoLeaks(OperatorFixture world) {
    secrets(world.secretsUsed);
    for (Instance i : world.halo.instances()) {
      secrets(i.issuedTokens());
    }
    List<String> texts = new ArrayList<>(lines);
    world.kube.v1().events().inAnyNamespace().list().getItems().forEach(e -> texts.add(Serialization.asYaml(e)));
    for (HaloLink l : world.kube.resources(HaloLink.class).inAnyNamespace().list().getItems()) {
      texts.add(Serialization.asYaml(l.getStatus()));
    }
    texts.addAll(extraText);
    Set<String> hits = new LinkedHashSet<>();
    for (String text : texts) {
      for (String s : secrets) {
        if (text.contains(s)) {
          hits.add("secret ending …" + s.substring(s.length() - 4) + " in: " + redact(text));
        }
      }
    }
    assertThat(hits).as("secret values in logs, events, status or messages").isEmpty();
    return texts.size();
  }

  private String redact(String text) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "<SECRET>");
    }
    return out.length() > 400 ? out.substring(0, 400) + "…" : out;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    levels.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
  }

  private final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder b = new StringBuilder(e.getLoggerName()).append(": ").append(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        b.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
        for (IThrowableProxy s : t.getSuppressed()) {
          b.append("\nsuppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
        }
        StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
        if (frames != null && frames.length > 0) {
          b.append(" at ").append(frames[0].getSTEAsString());
        }
      }
      lines.add(b.toString());
    }
  }
}
