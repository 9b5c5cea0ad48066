package io.psalink.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.psalink.api.v1alpha1.HaloLink;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the HaloLink CRD from the Java types (run by the build at process-classes).
 *
 * <p>fabric8's generator sorts printer columns by JSON path, which would put AGE first; kubectl users
 * expect the order the annotations declare (READY, REASON, ..., AGE), so a post-processor restores it.
 */
public final class CrdGenerator {
  private CrdGenerator() {}

  public static void main(String[] args) {
    File out = new File(args.length > 0 ? args[0] : "target/classes/META-INF/fabric8");
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IllegalStateException("cannot create " + out);
    }
    int written = new CRDGenerator()
        .customResourceClasses(HaloLink.class)
        .forCRDVersions("v1")
        .withPostProcessor(new CRDPostProcessor() {
          @Override
          public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            return inDeclaredColumnOrder(crd, HaloLink.class);
          }
        })
        .inOutputDir(out)
        .generate();
    if (written != 1) {
      throw new IllegalStateException("expected one CRD, generated " + written);
    }
  }

  static HasMetadata inDeclaredColumnOrder(HasMetadata resource, Class<?> type) {
    List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    CustomResourceDefinition crd = (CustomResourceDefinition) resource;
    crd.getSpec().getVersions().forEach(v -> {
      List<CustomResourceColumnDefinition> columns = new ArrayList<>(v.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
      v.setAdditionalPrinterColumns(columns);
    });
    return crd;
  }
}
