package io.psalink.sandbox.halo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/** Every request an instance received, in arrival order. */
final class RequestLog {
  private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();

  void add(RecordedRequest request) {
    entries.add(request);
  }

  List<RecordedRequest> snapshot() {
    List<RecordedRequest> copy = new ArrayList<>(entries);
    // entries are added on completion; slow requests finish late, so restore arrival order
    copy.sort(Comparator.comparing(RecordedRequest::time));
    return copy;
  }

  /** Requests whose method equals {@code method} (null: any) and whose path matches {@code pathRegex}, ignoring case. */
  int count(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    int n = 0;
    for (RecordedRequest r : entries) {
      if ((method == null || method.equalsIgnoreCase(r.method())) && pattern.matcher(r.path()).matches()) {
        n++;
      }
    }
    return n;
  }

  int tokenRequests() {
    return (int) entries.stream().filter(RecordedRequest::tokenRequest).count();
  }

  /** The largest number of requests that arrived within any span of {@code window}. */
  int maxInWindow(Duration window) {
    List<RecordedRequest> sorted = snapshot();
    int best = 0;
    int start = 0;
    for (int end = 0; end < sorted.size(); end++) {
      while (Duration.between(sorted.get(start).time(), sorted.get(end).time()).compareTo(window) >= 0) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  void clear() {
    entries.clear();
  }
}
