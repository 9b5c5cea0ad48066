package io.psalink.sandbox.halo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A misbehaviour injected into an instance: which requests it hits, how many times, and what happens.
 * <pre>
 * instance.fault(Fault.when("GET", "/api/Tickets.*").times(2).status(500, "text/html", "&lt;html&gt;oops&lt;/html&gt;"));
 * instance.fault(Fault.when("POST", "/auth/token").forever().drop());
 * </pre>
 * Paths are matched, ignoring case, against the path below the instance prefix (as in {@link RecordedRequest#path()}).
 */
public final class Fault {
  /** What the fault does to a matched request. */
  public enum Kind {
    /** Answer with the given status, content type and body instead of the normal answer. */
    STATUS,
    /** Wait, then give the normal answer. */
    DELAY,
    /** Wait, then answer with the given status (a gateway timeout, say). */
    DELAY_THEN_STATUS,
    /** Send headers announcing a body, part of it, then close the connection. */
    RESET,
    /** Close the connection without answering. */
    DROP,
    /** Do the work (store the webhook, say), then close the connection instead of answering. */
    SERVE_THEN_DROP
  }

  /** The part of a request a fault can match on. */
  public record Target(String method, String path, String query) {}

  private final Predicate<Target> matcher;
  private final String description;
  private final AtomicInteger remaining; // negative: forever
  private final AtomicInteger hits = new AtomicInteger();
  private final Kind kind;
  private final Duration delay;
  private final int status;
  private final String contentType;
  private final byte[] body;

  private Fault(Builder b, Kind kind, Duration delay, int status, String contentType, String body) {
    this.matcher = b.matcher;
    this.description = b.description;
    this.remaining = new AtomicInteger(b.times);
    this.kind = kind;
    this.delay = delay;
    this.status = status;
    this.contentType = contentType;
    this.body = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
  }

  /** Matches requests with this method ({@code null} or {@code "*"}: any) and a path fully matching the regex. */
  public static Builder when(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    boolean anyMethod = method == null || "*".equals(method);
    return new Builder(
        t -> (anyMethod || method.equalsIgnoreCase(t.method())) && pattern.matcher(t.path()).matches(),
        (anyMethod ? "*" : method) + " " + pathRegex);
  }

  public static Builder when(Predicate<Target> matcher) {
    return new Builder(Objects.requireNonNull(matcher), "custom matcher");
  }

  public Kind kind() { return kind; }
  public Duration delay() { return delay; }
  public int status() { return status; }
  String contentType() { return contentType; }
  byte[] body() { return body.clone(); }

  /** How many requests this fault has hit so far. */
  public int hits() { return hits.get(); }

  boolean exhausted() { return remaining.get() == 0; }

  /** Consumes one use when {@code target} matches and uses remain. */
  boolean tryApply(Target target) {
    if (!matcher.test(target)) {
      return false;
    }
    while (true) {
      int left = remaining.get();
      if (left == 0) {
        return false;
      }
      if (left < 0 || remaining.compareAndSet(left, left - 1)) {
        hits.incrementAndGet();
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "Fault[" + description + " -> " + kind + (status > 0 ? " " + status : "")
        + (delay != null ? " after " + delay : "") + ", remaining=" + remaining + "]";
  }

  /** Chooses how often, then what. Defaults to once. */
  public static final class Builder {
    private final Predicate<Target> matcher;
    private final String description;
    private int times = 1;

    private Builder(Predicate<Target> matcher, String description) {
      this.matcher = matcher;
      this.description = description;
    }

    public Builder times(int times) {
      if (times < 1) {
        throw new IllegalArgumentException("times must be at least 1");
      }
      this.times = times;
      return this;
    }

    public Builder forever() {
      this.times = -1;
      return this;
    }

    public Fault status(int status, String contentType, String body) {
      return new Fault(this, Kind.STATUS, null, status, contentType, body);
    }

    public Fault delay(Duration delay) {
      return new Fault(this, Kind.DELAY, delay, 0, null, null);
    }

    public Fault delayThenStatus(Duration delay, int status, String contentType, String body) {
      return new Fault(this, Kind.DELAY_THEN_STATUS, delay, status, contentType, body);
    }

    /** Announces a JSON body, sends its first half and closes the connection. */
    public Fault reset() {
      String partial = "{\"record_count\":250,\"tickets\":[{\"id\":1,\"summary\":\"Printer on fire\"},{\"id\":2,";
      return new Fault(this, Kind.RESET, null, 200, "application/json", partial);
    }

    public Fault drop() {
      return new Fault(this, Kind.DROP, null, 0, null, null);
    }

    /**
     * Lets the request take effect, then closes the connection without the answer: the client cannot tell
     * whether Halo did the work, as when a process stops between a write and reading its result.
     */
    public Fault serveThenDrop() {
      return new Fault(this, Kind.SERVE_THEN_DROP, null, 0, null, null);
    }
  }
}
