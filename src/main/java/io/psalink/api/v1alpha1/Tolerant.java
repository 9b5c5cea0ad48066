package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;

/**
 * Reading a HaloLink must never fail: one object the operator cannot read (an unknown field or a wrong type,
 * which a real API server's schema would have refused but the sandbox or an older CRD lets through) would otherwise
 * stop the informer, and with it the whole operator. A spec that cannot be read becomes an empty spec that says
 * why ({@link HaloLinkSpec#getUnreadable()}), reported as {@code InvalidSpec}; a status that cannot be read is
 * dropped and written anew. Messages name the field and the expected type, never the value found.
 */
public final class Tolerant {
  private static final int MAX_NAME = 64;

  private Tolerant() {}

  /**
   * Carries the unreadable mark over to a copy made through JSON (java-operator-sdk clones every resource it hands
   * to the reconciler that way, and the mark is not part of the JSON). Writes stay safe: an unreadable spec
   * serialises as an empty object in both the original and the copy, so no patch computed between them touches it.
   */
  public static void carryOver(HaloLink from, HaloLink to) {
    if (from.getSpec() != null && from.getSpec().getUnreadable() != null) {
      to.setSpec(from.getSpec());
    }
  }

  /** Reads the value as usual; what cannot be read becomes {@link #unreadable}. */
  private abstract static class Reader<T> extends JsonDeserializer<T> {
    private final Class<T> type;

    Reader(Class<T> type) {
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      try {
        return ctxt.readTreeAsValue(node, type);
      } catch (JsonMappingException e) {
        return unreadable(e);
      }
    }

    abstract T unreadable(JsonMappingException e);
  }

  static final class Spec extends Reader<HaloLinkSpec> {
    Spec() {
      super(HaloLinkSpec.class);
    }

    @Override
    HaloLinkSpec unreadable(JsonMappingException e) {
      HaloLinkSpec spec = new HaloLinkSpec();
      spec.setUnreadable(describe("spec", e));
      return spec;
    }
  }

  static final class Status extends Reader<HaloLinkStatus> {
    Status() {
      super(HaloLinkStatus.class);
    }

    @Override
    HaloLinkStatus unreadable(JsonMappingException e) {
      return null; // the operator owns the status: the next pass writes a readable one
    }
  }

  /** "spec.webhooks[0].events[1] must be a whole number in range", "spec.verifyIntervall is not a field ...". */
  static String describe(String root, JsonMappingException e) {
    StringBuilder path = new StringBuilder(root);
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        String name = r.getFieldName();
        path.append('.').append(name.length() > MAX_NAME ? name.substring(0, MAX_NAME) + "..." : name);
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    if (e instanceof UnrecognizedPropertyException) {
      return path + " is not a field of a HaloLink (a typo?): correct or remove it.";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return path + " must be " + expected(m.getTargetType()) + ": correct it.";
    }
    return path + " cannot be read: correct it.";
  }

  private static String expected(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number in range";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.toString(type.getEnumConstants());
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    return "an object";
  }
}
