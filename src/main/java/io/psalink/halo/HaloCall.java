package io.psalink.halo;

/** A call to Halo that may fail with a typed failure. */
@FunctionalInterface
interface HaloCall<V> {
  V call() throws HaloException;
}
