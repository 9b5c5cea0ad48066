package io.psalink.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final Logger log = LoggerFactory.getLogger("io.psalink.test");

  @AfterAll
  static void backToText() {
    Logging.configure("text");
  }

  @Test
  void jsonFormatWritesOneParseableObjectPerLine() throws Exception {
    Logging.configure("json", out);

    log.info("link {} is {}", "psa/acme", "Ready");
    log.warn("token call failed", new IllegalStateException("connect timed out"));
    log.debug("not at INFO");
    java.util.logging.Logger.getLogger("some.jul.library").info("bridged from JUL");
    LoggerFactory.getLogger("io.fabric8.kubernetes.client.Something").info("fabric8 chatter");

    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(json.readTree(line));
      }
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(0).path("loggerName").asText()).isEqualTo("io.psalink.test");
    assertThat(lines.get(0).path("formattedMessage").asText()).isEqualTo("link psa/acme is Ready");
    assertThat(lines.get(0).path("timestamp").asLong()).isPositive();
    assertThat(lines.get(1).path("level").asText()).isEqualTo("WARN");
    assertThat(lines.get(1).at("/throwable/message").asText()).isEqualTo("connect timed out");
    assertThat(lines.get(2).path("loggerName").asText()).isEqualTo("some.jul.library");
    assertThat(lines.get(2).path("formattedMessage").asText()).isEqualTo("bridged from JUL");
  }

  @Test
  void textFormatIsOnePlainLinePerEvent() {
    Logging.configure("TEXT", out);

    log.info("link {} is {}", "psa/acme", "Ready");

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  \\[[^\\]]+\\] io\\.psalink\\.test - link psa/acme is Ready\\R");
  }

  @Test
  void unknownFormatIsRefused() {
    assertThatThrownBy(() -> Logging.configure("yaml")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text").hasMessageContaining("json");
  }
}
