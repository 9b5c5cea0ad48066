package io.psalink.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD mock with misbehaviour in front of it: matching requests get an error status instead of
 * being served, a set number of times. Counts what it refused and every request per method and path.
 */
public final class KubeFaults extends KubernetesMixedDispatcher {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Delay> delays = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  public KubeFaults() {
    super(new HashMap<>());
  }

  /** A fault on requests with {@code method} whose path (without query) fully matches {@code pathRegex}. */
  public Rule inject(String method, String pathRegex, int status, int times) {
    Rule r = new Rule(method, Pattern.compile(pathRegex), status, new AtomicInteger(times), new AtomicInteger());
    rules.add(r);
    return r;
  }

  /**
   * Serves matching requests as usual (the store changes and watchers hear of it at once) but holds each answer
   * back for {@code delay}, a set number of times: a slow API server as the writer sees it.
   */
  public Delay delay(String method, String pathRegex, Duration delay, int times) {
    Delay d = new Delay(method, Pattern.compile(pathRegex), delay, new AtomicInteger(times),
        new CopyOnWriteArrayList<>());
    delays.add(d);
    return d;
  }

  public void clear() {
    rules.clear();
    delays.clear();
  }

  /** Requests served or refused whose "METHOD path" fully matches the regex. */
  public long count(String methodAndPathRegex) {
    Pattern p = Pattern.compile(methodAndPathRegex);
    return seen.stream().filter(s -> p.matcher(s).matches()).count();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int q = path.indexOf('?');
    String bare = q < 0 ? path : path.substring(0, q);
    seen.add(request.getMethod() + " " + bare);
    if ("POST".equalsIgnoreCase(request.getMethod())
        && bare.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      // the mock cannot answer the access review JOSDK's leader election starts with: allow everything
      return new MockResponse().setResponseCode(201).setBody("{\"apiVersion\":\"authorization.k8s.io/v1\","
          + "\"kind\":\"SelfSubjectRulesReview\",\"metadata\":{},\"spec\":{},\"status\":{\"incomplete\":false,"
          + "\"nonResourceRules\":[],\"resourceRules\":[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],"
          + "\"verbs\":[\"*\"]}]}}");
    }
    for (Rule r : rules) {
      if (r.method.equalsIgnoreCase(request.getMethod()) && r.path.matcher(bare).matches() && r.take()) {
        String reason = r.status == 409 ? "Conflict" : "InternalError";
        return new MockResponse().setResponseCode(r.status).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"reason\":\"" + reason + "\",\"code\":" + r.status + ",\"message\":\"injected\"}");
      }
    }
    for (Delay d : delays) {
      if (d.method.equalsIgnoreCase(request.getMethod()) && d.path.matcher(bare).matches() && d.take()) {
        MockResponse served = super.dispatch(request);
        d.answered.add(Instant.now().plus(d.delay));
        return served.setBodyDelay(d.delay); // a timer of the server's, which goes on serving others meanwhile
      }
    }
    return super.dispatch(request);
  }

  /** One delay rule; {@link #answered()} says when each held answer was (to be) sent. */
  public record Delay(String method, Pattern path, Duration delay, AtomicInteger remaining, List<Instant> answered) {
    boolean take() {
      return remaining.getAndUpdate(left -> left > 0 ? left - 1 : left) != 0;
    }
  }

  /** One injected fault; {@link #hits()} says how often it answered. */
  public record Rule(String method, Pattern path, int status, AtomicInteger remaining, AtomicInteger hitCount) {
    boolean take() {
      while (true) {
        int left = remaining.get();
        if (left == 0) {
          return false;
        }
        if (left < 0 || remaining.compareAndSet(left, left - 1)) {
          hitCount.incrementAndGet();
          return true;
        }
      }
    }

    public int hits() {
      return hitCount.get();
    }
  }
}
