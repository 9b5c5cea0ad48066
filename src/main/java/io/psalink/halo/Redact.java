package io.psalink.halo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Makes text from a Halo answer safe to echo in a message: no secrets, no control characters, short. */
final class Redact {

  static final int MAX_ECHO = 120;

  private Redact() {}

  /** {@code text} with every secret (raw, URL-encoded or JSON-escaped) replaced, cleaned and shortened. */
  static String echo(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    String s = text;
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      s = s.replace(secret, "***");
      s = s.replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), "***");
      s = s.replace(secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"), "***");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < MAX_ECHO; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    String cleaned = out.toString().replaceAll("\\s+", " ").strip();
    return s.length() > MAX_ECHO ? cleaned + "..." : cleaned;
  }
}
