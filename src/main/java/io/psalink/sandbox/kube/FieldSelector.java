package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code metadata.name=x,involvedObject.uid!=y}) evaluated on the JSON of an
 * object, since the mock does not implement them. Values may escape {@code \,} {@code \=} and
 * {@code \\} as apimachinery does. A missing field compares as the empty string.
 */
final class FieldSelector {

  record Term(String field, boolean equal, String value) {}

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : splitUnescaped(selector, ',')) {
      if (part.isBlank()) {
        continue;
      }
      int i = indexOfUnescaped(part, '=');
      if (i < 0) {
        throw new IllegalArgumentException("invalid field selector: '" + part + "': no operator");
      }
      boolean equal = true;
      String field;
      int valueStart;
      if (i > 0 && part.charAt(i - 1) == '!') {
        equal = false;
        field = part.substring(0, i - 1);
        valueStart = i + 1;
      } else {
        field = part.substring(0, i);
        valueStart = i + 1 < part.length() && part.charAt(i + 1) == '=' ? i + 2 : i + 1;
      }
      if (field.isBlank()) {
        throw new IllegalArgumentException("invalid field selector: '" + part + "': no field");
      }
      terms.add(new Term(field.trim(), equal, unescape(part.substring(valueStart))));
    }
    return new FieldSelector(terms);
  }

  List<Term> terms() {
    return terms;
  }

  boolean matches(JsonNode obj) {
    for (Term t : terms) {
      JsonNode n = obj;
      for (String p : t.field().split("\\.")) {
        n = n.path(p);
      }
      String actual = n.isValueNode() ? n.asText() : "";
      if (actual.equals(t.value()) != t.equal()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> splitUnescaped(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == sep) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexOfUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        c = s.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }
}
