package io.psalink.halo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaloEndpointTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "https://acme.halopsa.com|https://acme.halopsa.com",
      "https://acme.halopsa.com/|https://acme.halopsa.com",
      "https://acme.halopsa.com/api|https://acme.halopsa.com",
      "https://acme.halopsa.com/api/|https://acme.halopsa.com",
      "https://acme.halopsa.com/API/|https://acme.halopsa.com",
      "https://acme.halopsa.com/Api|https://acme.halopsa.com",
      "  https://acme.halopsa.com/api  |https://acme.halopsa.com",
      "HTTPS://ACME.HaloPSA.com/api|https://acme.halopsa.com",
      "https://acme.halopsa.com//api//|https://acme.halopsa.com",
      "https://acme.halopsa.com/api/api|https://acme.halopsa.com",
      "https://halo.example.com:8443/api|https://halo.example.com:8443",
      "https://intranet.example.com/halo/api/|https://intranet.example.com/halo",
      "http://localhost:8080/api|http://localhost:8080",
      "http://127.0.0.1:1234|http://127.0.0.1:1234",
      "http://127.8.9.10|http://127.8.9.10",
      "http://[::1]:8080/API|http://[::1]:8080",
  })
  void resourceServerIsNormalised(String raw, String expected) throws Exception {
    assertThat(HaloEndpoint.parse(raw).base()).hasToString(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "''|empty",
      "'   '|empty",
      "acme.halopsa.com|absolute URL",
      "mailto:admin@acme.example|absolute URL",
      "http://acme.halopsa.com|https://",
      "ftp://acme.halopsa.com|https://",
      "http://127.0.0.1.evil.example|https://",
      "http://localhost.evil.example|https://",
      "https://admin:hunter2@acme.halopsa.com|user name or password",
      "https://acme.halopsa.com/api?tenant=acme|query",
      "https://acme.halopsa.com/#top|fragment",
      "https:///api|host name",
      "https://my_host.example|host name",
      "https://acmé.halopsa.com|non-ASCII",
      "https://acme halopsa.com|space",
      "https://acme.halopsa.com/api/Tickets|without a path",
      "https://acme.halopsa.com/auth|without a path",
      "https://acme.halopsa.com/api/../x|without a path",
      "https://acme.halopsa.com:0|port",
  })
  void invalidResourceServerIsRejectedWithAReason(String raw, String reason) {
    assertThatThrownBy(() -> HaloEndpoint.parse(raw))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining(reason)
        .message().doesNotContain("hunter2");
  }

  @Test
  void surroundingTabsAndNewlinesAreTrimmed() throws Exception {
    assertThat(HaloEndpoint.parse("\thttps://acme.halopsa.com/api/\r\n").base()).hasToString("https://acme.halopsa.com");
  }

  @Test
  void controlCharacterInsideIsRejected() {
    assertThatThrownBy(() -> HaloEndpoint.parse("https://acme.halopsa.com/\u0007api"))
        .isInstanceOf(InvalidEndpointException.class).hasMessageContaining("control");
  }

  @Test
  void overlongResourceServerIsRejected() {
    String raw = "https://acme.halopsa.com/" + "a".repeat(HaloEndpoint.MAX_LENGTH);
    assertThatThrownBy(() -> HaloEndpoint.parse(raw)).isInstanceOf(InvalidEndpointException.class).hasMessageContaining("2048");
  }

  @Test
  void resourceServerWithApiSuffixNeverDoublesApi() throws Exception {
    for (String raw : new String[] {"https://h.example/API/", "https://h.example/api", "https://h.example/Api//", "https://h.example/api/api/"}) {
      HaloEndpoint e = HaloEndpoint.parse(raw);
      assertThat(e.api()).hasToString("https://h.example/api");
      assertThat(e.defaultAuthServer()).hasToString("https://h.example/auth");
      assertThat(e.api().toString().toLowerCase()).doesNotContain("/api/api", "/api/auth");
    }
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "https://auth.halopsa.com|https://auth.halopsa.com",
      "https://auth.halopsa.com/|https://auth.halopsa.com",
      "https://acme.halopsa.com/auth/|https://acme.halopsa.com/auth",
      "https://acme.halopsa.com/auth/token|https://acme.halopsa.com/auth",
      "https://acme.halopsa.com/auth/TOKEN/|https://acme.halopsa.com/auth",
      "http://localhost:9000/auth|http://localhost:9000/auth",
  })
  void authServerIsNormalised(String raw, String expected) throws Exception {
    assertThat(HaloEndpoint.parseAuthServer(raw)).hasToString(expected);
  }

  @Test
  void authServerFollowsTheSameRules() {
    assertThatThrownBy(() -> HaloEndpoint.parseAuthServer("http://auth.halopsa.com")).hasMessageContaining("https://");
    assertThatThrownBy(() -> HaloEndpoint.parseAuthServer("https://acme.halopsa.com/api/auth")).hasMessageContaining("without a path");
  }
}
