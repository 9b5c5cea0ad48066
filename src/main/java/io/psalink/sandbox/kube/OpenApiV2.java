package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An empty OpenAPI v2 document at {@code /openapi/v2}: no paths, no definitions. Older kubectl (e.g. 1.20,
 * Debian's {@code kubernetes-client}) fetches it, as protobuf, before {@code apply} and {@code create} and
 * fails with "the server could not find the requested resource" when it is missing. With no definitions it
 * skips client-side validation and falls back to its built-in types for strategic merge patches, as it does
 * for any kind a server publishes no schema for.
 */
final class OpenApiV2 {

  /** The media type kubectl asks for: gnostic's {@code openapi_v2.Document} in protobuf. */
  static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  private final ObjectMapper mapper;

  OpenApiV2(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static boolean wantsProtobuf(String accept) {
    return accept != null && accept.contains("protobuf");
  }

  ObjectNode json() {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", version());
    doc.putObject("paths");
    doc.putObject("definitions");
    return doc;
  }

  /** {@code Document{swagger: "2.0", info: Info{title: "Kubernetes", version: ...}}} in protobuf wire format. */
  byte[] protobuf() {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    field(info, 1, "Kubernetes");            // Info.title
    field(info, 3, version());               // Info.version
    ByteArrayOutputStream doc = new ByteArrayOutputStream();
    field(doc, 1, "2.0");                    // Document.swagger
    field(doc, 2, info.toByteArray());       // Document.info
    return doc.toByteArray();
  }

  private static String version() {
    return "v" + Discovery.MAJOR + "." + Discovery.MINOR + ".0";
  }

  private static void field(ByteArrayOutputStream out, int number, String value) {
    field(out, number, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-delimited field (wire type 2): key, varint length, bytes. */
  private static void field(ByteArrayOutputStream out, int number, byte[] value) {
    varint(out, (number << 3) | 2);
    varint(out, value.length);
    out.writeBytes(value);
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
