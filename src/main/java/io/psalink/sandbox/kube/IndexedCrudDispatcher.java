package io.psalink.sandbox.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.crud.Value;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD mock with its objects indexed by name. The stock dispatcher finds the object of every create,
 * update and patch by matching each stored object in turn, under one lock, so a store of N objects costs O(N) per
 * write and a bench applying 10,000 links O(N²). Here the store's map keeps an index from the {@code name}
 * attribute to the keys that carry it, and {@link #findResource} matches only those: the same predicate as the
 * stock scan, over the candidates that can satisfy it; queries without a plain name fall back to the scan.
 *
 * <p>The store's map is a final field of the stock class, created in its constructor: it is replaced once, here,
 * by an equal map that indexes (every write to it goes through {@code put} and {@code remove}).
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String NAME = "name";
  private final IndexedMap store;

  public IndexedCrudDispatcher() {
    this.store = new IndexedMap();
    replaceMap(this, store);
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<String> names = plainNames(query);
    if (names == null) {
      return super.findResource(query);
    }
    synchronized (map) {
      Map.Entry<AttributeSet, String> found = null;
      for (String name : names) {
        for (AttributeSet key : store.keysNamed(name)) {
          if (key.matches(query)) {
            if (found != null) {
              throw new IllegalArgumentException("Multiple resources found for: " + query);
            }
            found = Map.entry(key, store.get(key));
          }
        }
      }
      return found;
    }
  }

  /** The values of the query's {@code name} attribute when it is a plain "name is one of these", else null. */
  static List<String> plainNames(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH || name.getValues().isEmpty()) {
      return null;
    }
    List<String> values = name.getValues().stream().map(Value::toString).toList();
    return values.contains("*") ? null : values;
  }

  static String nameOf(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    return name == null || name.getValues().isEmpty() ? null : name.getValues().get(0).toString();
  }

  private static void replaceMap(CrudDispatcher dispatcher, Map<AttributeSet, String> inner) {
    try {
      Field field = CrudDispatcher.class.getDeclaredField("map");
      field.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<AttributeSet, String> old = (Map<AttributeSet, String>) field.get(dispatcher);
      inner.putAll(old);
      field.set(dispatcher, Collections.synchronizedMap(inner));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's CrudDispatcher no longer has the field 'map'", e);
    }
  }

  /** The store, in insertion order as before, plus name to keys. Guarded by the synchronized wrapper around it. */
  static final class IndexedMap extends LinkedHashMap<AttributeSet, String> {
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    List<AttributeSet> keysNamed(String name) {
      Set<AttributeSet> keys = byName.get(name);
      return keys == null ? List.of() : List.copyOf(keys);
    }

    @Override
    public String put(AttributeSet key, String value) {
      String name = nameOf(key);
      if (name != null) {
        byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
      }
      return super.put(key, value);
    }

    @Override
    public void putAll(Map<? extends AttributeSet, ? extends String> m) {
      m.forEach(this::put);
    }

    @Override
    public String remove(Object key) {
      if (key instanceof AttributeSet k && containsKey(k)) {
        String name = nameOf(k);
        Set<AttributeSet> keys = name == null ? null : byName.get(name);
        if (keys != null) {
          keys.remove(k);
          if (keys.isEmpty()) {
            byName.remove(name);
          }
        }
      }
      return super.remove(key);
    }

    @Override
    public void clear() {
      byName.clear();
      super.clear();
    }

    // the stock dispatcher writes only through put and remove; anything else would bypass the index
    @Override
    public String putIfAbsent(AttributeSet key, String value) {
      throw new UnsupportedOperationException("not indexed");
    }

    @Override
    public String compute(AttributeSet key,
        java.util.function.BiFunction<? super AttributeSet, ? super String, ? extends String> f) {
      throw new UnsupportedOperationException("not indexed");
    }

    @Override
    public String merge(AttributeSet key, String value,
        java.util.function.BiFunction<? super String, ? super String, ? extends String> f) {
      throw new UnsupportedOperationException("not indexed");
    }
  }
}
