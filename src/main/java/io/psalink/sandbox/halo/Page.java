package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Halo's paging: {@code pageinate=true&page_size&page_no} (1-based) or {@code count}, always capped. */
record Page(int offset, int limit, boolean paginated, int pageNo, int total) {
  /** Halo's default when {@code pageinate=true} comes without {@code page_size} (a guess). */
  private static final int DEFAULT_PAGE_SIZE = 50;

  static Page of(Call call, int total, int cap) {
    if ("true".equalsIgnoreCase(call.query("pageinate"))) {
      int size = Math.min(positiveOr(call.query("page_size"), DEFAULT_PAGE_SIZE), cap);
      int pageNo = positiveOr(call.query("page_no"), 1);
      long offset = (long) (pageNo - 1) * size;
      return new Page((int) Math.min(offset, Integer.MAX_VALUE), size, true, pageNo, total);
    }
    return new Page(0, Math.min(positiveOr(call.query("count"), cap), cap), false, 1, total);
  }

  ObjectNode answer(String plural, ArrayNode items) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (paginated) {
      body.put("page_no", pageNo);
      body.put("page_size", limit);
    }
    body.put("record_count", total);
    body.set(plural, items);
    return body;
  }

  private static int positiveOr(String value, int fallback) {
    Integer parsed = Replies.parseInt(value);
    return parsed != null && parsed > 0 ? parsed : fallback;
  }
}
