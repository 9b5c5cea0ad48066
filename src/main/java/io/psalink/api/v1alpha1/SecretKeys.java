package io.psalink.api.v1alpha1;

/** Naming rules Kubernetes applies to Secrets and their keys, shared by the spec's Secret references. */
final class SecretKeys {
  /** RFC 1123 subdomain, as Secret names must be. */
  static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** What Kubernetes allows as a key in a Secret's data. */
  static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  private SecretKeys() {}

  static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
