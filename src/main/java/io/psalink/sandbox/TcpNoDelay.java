package io.psalink.sandbox;

/**
 * TCP_NODELAY for the JDK's built-in HTTP server, which the Halo simulator and the embedded Kubernetes API both
 * use. The server writes headers and body separately; without TCP_NODELAY each response can wait about 40 ms on a
 * delayed ACK. The JDK reads the setting once, when its server classes load, so whichever of the two servers
 * starts first must have set it: both call {@link #ensure()} before creating a server.
 */
public final class TcpNoDelay {
  static {
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private TcpNoDelay() {}

  /** Sets the property (once, unless the user set it) before the JDK's server classes read it. */
  public static void ensure() {
    // the work is in the static initialiser
  }
}
