/**
 * An in-process HaloPSA for tests, the {@code sandbox} command and fault-injection work, faithful to
 * {@code HALO-API.md}. It shares no code with the operator's Halo client on purpose: each is the
 * other's independent reading of Halo.
 *
 * <p>{@link io.psalink.sandbox.halo.HaloSimulator} runs one JDK HTTP(S) server hosting many
 * {@link io.psalink.sandbox.halo.Instance}s. Where HALO-API.md marks a behaviour as a guess, the
 * instance has a switch for each variant; {@link io.psalink.sandbox.halo.Fault}s inject the rest.
 */
package io.psalink.sandbox.halo;
