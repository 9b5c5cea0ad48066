package io.psalink.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart installs the CRDs from its crds/ folder: they must be the generated ones, byte for byte. */
class ChartCrdsTest {
  static final Path REPO_CRDS = Path.of("crds");
  static final Path CHART_CRDS = RenderedChart.CHART.resolve("crds");
  static final String FIX = "run helm/sync-crds.sh to copy crds/*.yml into the chart";

  @Test
  void chartShipsExactlyTheRepositoryCrds() throws IOException {
    Set<String> repo = manifests(REPO_CRDS);
    if (repo.isEmpty()) {
      fail("no generated CRD under crds/ in the repository (expected crds/halolinks.psalink.io-v1.yml); "
          + "the chart cannot ship one until it is committed, then " + FIX);
    }
    Set<String> chart = manifests(CHART_CRDS);
    assertThat(chart).as("CRD files in %s; %s", CHART_CRDS, FIX).isEqualTo(repo);
    for (String name : repo) {
      byte[] generated = Files.readAllBytes(REPO_CRDS.resolve(name));
      byte[] shipped = Files.readAllBytes(CHART_CRDS.resolve(name));
      if (!Arrays.equals(generated, shipped)) {
        fail("%s differs from crds/%s from line %d on; %s",
            CHART_CRDS.resolve(name), name, firstDifferentLine(generated, shipped), FIX);
      }
    }
  }

  private static int firstDifferentLine(byte[] a, byte[] b) {
    List<String> x = new String(a, StandardCharsets.UTF_8).lines().toList();
    List<String> y = new String(b, StandardCharsets.UTF_8).lines().toList();
    int i = 0;
    while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
      i++;
    }
    return i + 1;
  }

  /** File names Helm would install from a crds/ folder. */
  private static Set<String> manifests(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
