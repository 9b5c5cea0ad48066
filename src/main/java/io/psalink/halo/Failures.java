package io.psalink.halo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns transport exceptions and HTTP statuses into {@link HaloFailure}s, with details we write ourselves. */
final class Failures {

  private Failures() {}

  static HaloFailure transport(IOException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof SSLPeerUnverifiedException) {
      return new HaloFailure.TlsUntrusted("the certificate does not match the host name");
    }
    if (e instanceof SSLHandshakeException) {
      return new HaloFailure.TlsUntrusted(causedByCertificate(e)
          ? "the certificate is not signed by a trusted CA" : "the TLS handshake failed");
    }
    if (e instanceof SSLException) {
      return new HaloFailure.TlsUntrusted("the server did not complete a TLS connection");
    }
    if (e instanceof UnknownHostException) {
      return new HaloFailure.Unreachable("the host name could not be resolved");
    }
    if (e instanceof ConnectException) {
      return new HaloFailure.Unreachable("the connection was refused");
    }
    if (e instanceof NoRouteToHostException) {
      return new HaloFailure.Unreachable("there is no route to the host");
    }
    if (e instanceof SocketTimeoutException) {
      return new HaloFailure.Timeout(msg.contains("connect") ? "connect" : "read");
    }
    if (e instanceof InterruptedIOException) {
      if (msg.contains("timeout") || msg.contains("timed out")) {
        return new HaloFailure.Timeout("call");
      }
      Thread.currentThread().interrupt();
      return new HaloFailure.Unreachable("the call was interrupted");
    }
    if (e instanceof EOFException || e instanceof ProtocolException || e instanceof SocketException
        || msg.contains("reset") || msg.contains("closed") || msg.contains("end of stream")) {
      return new HaloFailure.Unreachable("the connection closed before the answer was complete");
    }
    return new HaloFailure.Unreachable("a network error (" + e.getClass().getSimpleName() + ")");
  }

  /**
   * The connection broke under a call (closed or reset by the other end), as a kept-alive connection does that the
   * server closed while it was idle; not a timeout, a refused connection, a name or a TLS problem.
   */
  static boolean brokenConnection(IOException e) {
    if (e instanceof InterruptedIOException || e instanceof SSLException || e instanceof ConnectException
        || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      return false;
    }
    String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e instanceof EOFException || msg.contains("end of stream") || msg.contains("connection reset")
        || msg.contains("broken pipe");
  }

  /** The failure for a non-2xx answer of an API call (not the token endpoint, not a 401 still to be retried). */
  static HaloFailure status(Answer a, Clock clock) {
    int s = a.status();
    String ep = a.endpoint();
    if (s == 401) {
      return new HaloFailure.Unauthorized(ep);
    }
    if (s == 403) {
      return new HaloFailure.Forbidden(ep);
    }
    if (s == 404) {
      return new HaloFailure.NotFound(ep);
    }
    if (s == 429) {
      return new HaloFailure.RateLimited(retryAfter(a, clock));
    }
    if (s >= 500) {
      return new HaloFailure.ServerError(s, ep);
    }
    if (s >= 300 && s < 400) {
      return new HaloFailure.BadResponse(s, ep, "a redirect, which the client does not follow");
    }
    return new HaloFailure.BadResponse(s, ep, "an unexpected status");
  }

  /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(Answer a, Clock clock) {
    String value = a.headers().get("Retry-After");
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    Date date = a.headers().getDate("Retry-After");
    if (date == null) {
      return null;
    }
    Duration d = Duration.between(clock.instant(), Instant.ofEpochMilli(date.getTime()));
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static boolean causedByCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertPathValidatorException || t instanceof CertificateException
          || t.getClass().getName().contains("ValidatorException")) {
        return true;
      }
    }
    return false;
  }
}
