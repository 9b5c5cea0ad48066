package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code Status} failure bodies, which kubectl prints as {@code Error from server (Reason): message}. */
final class KubeStatus {

  private KubeStatus() {}

  static ObjectNode failure(ObjectMapper mapper, int code, String reason, String message) {
    ObjectNode s = mapper.createObjectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    s.put("code", code);
    return s;
  }

  static ObjectNode notFound(ObjectMapper mapper, ResourceInfo info, String name) {
    ObjectNode s = failure(mapper, 404, "NotFound", info.qualifiedName() + " \"" + name + "\" not found");
    ObjectNode d = s.putObject("details");
    d.put("name", name);
    d.put("group", info.group());
    d.put("kind", info.plural());
    return s;
  }

  static String reasonFor(int code) {
    switch (code) {
      case 400: return "BadRequest";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "NotFound";
      case 405: return "MethodNotAllowed";
      case 406: return "NotAcceptable";
      case 409: return "Conflict";
      case 410: return "Expired";
      case 415: return "UnsupportedMediaType";
      case 422: return "Invalid";
      case 429: return "TooManyRequests";
      case 501: return "NotImplemented";
      case 503: return "ServiceUnavailable";
      default: return code >= 500 ? "InternalError" : "";
    }
  }
}
