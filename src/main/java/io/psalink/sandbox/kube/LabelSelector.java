package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A label selector in its string form: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a},
 * {@code !a}, {@code a in (x,y)}, {@code a notin (x,y)}, comma separated (all must hold).
 */
final class LabelSelector {

  private final List<Predicate<JsonNode>> requirements;

  private LabelSelector(List<Predicate<JsonNode>> requirements) {
    this.requirements = requirements;
  }

  static LabelSelector parse(String selector) {
    List<Predicate<JsonNode>> reqs = new ArrayList<>();
    if (selector != null) {
      for (String part : splitOutsideParens(selector)) {
        String p = part.trim();
        if (!p.isEmpty()) {
          reqs.add(requirement(p));
        }
      }
    }
    return new LabelSelector(reqs);
  }

  boolean matches(JsonNode obj) {
    JsonNode labels = obj.path("metadata").path("labels");
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  private static Predicate<JsonNode> requirement(String p) {
    String lower = p.toLowerCase();
    int in = lower.indexOf(" notin ");
    if (in > 0) {
      String key = p.substring(0, in).trim();
      Set<String> values = values(p.substring(in + 7));
      return l -> !l.has(key) || !values.contains(l.get(key).asText());
    }
    in = lower.indexOf(" in ");
    if (in > 0) {
      String key = p.substring(0, in).trim();
      Set<String> values = values(p.substring(in + 4));
      return l -> l.has(key) && values.contains(l.get(key).asText());
    }
    int ne = p.indexOf("!=");
    if (ne > 0) {
      String key = p.substring(0, ne).trim();
      String value = p.substring(ne + 2).trim();
      return l -> !l.has(key) || !l.get(key).asText().equals(value);
    }
    int eq = p.indexOf('=');
    if (eq > 0) {
      String key = p.substring(0, eq).trim();
      String value = p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      return l -> l.has(key) && l.get(key).asText().equals(value);
    }
    if (p.startsWith("!")) {
      String key = p.substring(1).trim();
      return l -> !l.has(key);
    }
    if (!p.matches("[A-Za-z0-9._/-]+")) {
      throw new IllegalArgumentException("unable to parse requirement: " + p);
    }
    return l -> l.has(p);
  }

  private static Set<String> values(String s) {
    String t = s.trim();
    if (!t.startsWith("(") || !t.endsWith(")")) {
      throw new IllegalArgumentException("unable to parse requirement: expected (values), got " + s);
    }
    Set<String> out = new java.util.HashSet<>();
    for (String v : t.substring(1, t.length() - 1).split(",")) {
      out.add(v.trim());
    }
    return out;
  }

  private static List<String> splitOutsideParens(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
