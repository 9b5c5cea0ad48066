package io.psalink.sandbox.kube;

import java.util.Arrays;
import java.util.Optional;

/**
 * A resource request path of the Kubernetes API:
 * {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} or the same under
 * {@code /apis/{group}/{version}}.
 */
record ApiPath(String group, String version, String namespace, String resource, String name, String subresource) {

  static Optional<ApiPath> parse(String path) {
    String[] s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    int rest;
    String group;
    String version;
    if (s.length >= 3 && s[0].equals("api")) {
      group = "";
      version = s[1];
      rest = 2;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      group = s[1];
      version = s[2];
      rest = 3;
    } else {
      return Optional.empty();
    }
    String[] r = Arrays.copyOfRange(s, rest, s.length);
    // "namespaces/x/..." with at least a resource after it is a namespaced request;
    // "namespaces" or "namespaces/x" alone addresses the Namespace objects themselves.
    if (r.length >= 3 && r[0].equals("namespaces")) {
      if (r.length > 5) {
        return Optional.empty();
      }
      return Optional.of(new ApiPath(group, version, r[1], r[2], at(r, 3), at(r, 4)));
    }
    if (r.length > 3) {
      return Optional.empty();
    }
    return Optional.of(new ApiPath(group, version, null, r[0], at(r, 1), at(r, 2)));
  }

  private static String at(String[] a, int i) {
    return i < a.length ? a[i] : null;
  }

  boolean isList() {
    return name == null;
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The path of the collection this path belongs to (same namespace). */
  String collectionPath() {
    return prefix() + (namespace != null ? "/namespaces/" + namespace : "") + "/" + resource;
  }

  String objectPath(String objectName) {
    return collectionPath() + "/" + objectName;
  }

  String prefix() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
}
