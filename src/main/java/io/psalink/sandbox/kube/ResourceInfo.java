package io.psalink.sandbox.kube;

import java.util.List;

/**
 * One served resource type, built in or read from a stored CRD.
 *
 * @param columns the printer columns for Table output after NAME (for CRDs: the version's
 *     additionalPrinterColumns)
 */
record ResourceInfo(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource,
    List<TableColumn> columns) {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Human name as the API server uses in messages, e.g. {@code widgets.example.test}. */
  String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}
