package io.psalink.halo;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised "Resource Server" of a Halo instance: {@code https://host[:port][/prefix]} with no
 * trailing {@code /} and no trailing {@code /api}, so {@link #api()} can never yield {@code /api/api}.
 */
public record HaloEndpoint(URI base) {

  static final int MAX_LENGTH = 2048;
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  public HaloEndpoint {
    if (base == null) {
      throw new IllegalArgumentException("base is required; use HaloEndpoint.parse");
    }
  }

  /** Normalises what an admin pasted as the Resource Server, with or without {@code /api}. */
  public static HaloEndpoint parse(String raw) throws InvalidEndpointException {
    Parsed p = check(raw, "Resource Server");
    String path = stripSuffix(p.path, "/api");
    rejectSegments(path, "Resource Server", "api", "auth");
    return new HaloEndpoint(URI.create(p.origin + path));
  }

  /** Normalises an explicit authorisation server, with or without a trailing {@code /token}. */
  public static URI parseAuthServer(String raw) throws InvalidEndpointException {
    Parsed p = check(raw, "authorisation server");
    String path = stripSuffix(p.path, "/token");
    rejectSegments(path, "authorisation server", "api", "token");
    return URI.create(p.origin + path);
  }

  /** The resource server: {@code base + "/api"}. */
  public URI api() {
    return URI.create(base + "/api");
  }

  /** Where the authorisation server lives when discovery does not say otherwise. */
  public URI defaultAuthServer() {
    return URI.create(base + "/auth");
  }

  @Override
  public String toString() {
    return base.toString();
  }

  private record Parsed(String origin, String path) {}

  private static Parsed check(String raw, String what) throws InvalidEndpointException {
    if (raw == null || raw.isBlank()) {
      throw new InvalidEndpointException("The " + what + " is empty: give the address of the Halo instance, e.g. https://acme.halopsa.com.");
    }
    String s = raw.strip();
    if (s.length() > MAX_LENGTH) {
      throw new InvalidEndpointException("The " + what + " is longer than " + MAX_LENGTH + " characters.");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new InvalidEndpointException("The " + what + " contains a space, control or non-ASCII character at position " + (i + 1)
            + ": give a plain https:// address.");
      }
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new InvalidEndpointException("The " + what + " is not a valid URL: give an address like https://acme.halopsa.com.");
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme == null || uri.isOpaque()) {
      throw new InvalidEndpointException("The " + what + " must be an absolute URL starting with https://, e.g. https://acme.halopsa.com.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidEndpointException("The " + what + " must not contain a user name or password: remove the part before '@'.");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new InvalidEndpointException("The " + what + " has no valid host name: give an address like https://acme.halopsa.com.");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      if (!(scheme.equals("http") && isLoopback(host))) {
        throw new InvalidEndpointException("The " + what + " must use https:// (plain http:// is accepted only for localhost).");
      }
    }
    if (uri.getRawQuery() != null) {
      throw new InvalidEndpointException("The " + what + " must not contain a query ('?...'): give only the address of the Halo instance.");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidEndpointException("The " + what + " must not contain a fragment ('#...'): give only the address of the Halo instance.");
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new InvalidEndpointException("The " + what + " has an invalid port " + port + ".");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    path = path.replaceAll("/{2,}", "/");
    path = stripSlashes(path);
    rejectSegments(path, what, ".", "..");
    String origin = scheme + "://" + host + (port == -1 ? "" : ":" + port);
    return new Parsed(origin, path);
  }

  private static String stripSuffix(String path, String suffix) {
    // "/api/" and "/API" alike; a doubled paste ("/api/api") is stripped too
    while (path.toLowerCase(Locale.ROOT).endsWith(suffix)) {
      path = stripSlashes(path.substring(0, path.length() - suffix.length()));
    }
    return path;
  }

  private static String stripSlashes(String path) {
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static void rejectSegments(String path, String what, String... forbidden) throws InvalidEndpointException {
    for (String segment : path.split("/")) {
      for (String f : forbidden) {
        if (segment.equalsIgnoreCase(f)) {
          throw new InvalidEndpointException("The " + what + " must be the address of the Halo instance without a path such as '"
              + path + "': e.g. https://acme.halopsa.com.");
        }
      }
    }
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (IPV4_LOOPBACK.matcher(h).matches()) {
      for (String octet : h.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      try {
        // an IPv6 literal: InetAddress parses it without a DNS lookup
        return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
