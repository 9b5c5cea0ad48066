package io.psalink.halo;

import static org.assertj.core.api.Assertions.assertThat;

/** The failure a call to Halo ends in; the test fails when it does not fail. */
final class Failed {

  interface Call {
    void run() throws HaloException;
  }

  private Failed() {}

  static HaloException exception(Call call) {
    try {
      call.run();
    } catch (HaloException e) {
      assertThat(e.getMessage()).isEqualTo(e.failure().message());
      return e;
    }
    throw new AssertionError("expected a HaloException");
  }

  static HaloFailure failureOf(Call call) {
    return exception(call).failure();
  }
}
