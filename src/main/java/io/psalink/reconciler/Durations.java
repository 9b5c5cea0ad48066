package io.psalink.reconciler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations Kubernetes users write ({@code 90s}, {@code 10m}, {@code 1h30m}). */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {}

  /** @throws IllegalArgumentException with a message naming the expected form */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text.trim()).matches()) {
      throw new IllegalArgumentException("expected a duration such as 90s, 10m or 1h30m");
    }
    double millis = 0;
    Matcher m = PART.matcher(text.trim());
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1_000;
        case "m" -> n * 60_000;
        default -> n * 3_600_000;
      };
    }
    if (millis > Duration.ofDays(366).toMillis()) {
      throw new IllegalArgumentException("a duration longer than a year is not useful here");
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
