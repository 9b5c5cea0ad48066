package io.psalink.halo;

import java.net.URI;
import java.time.Duration;

/**
 * Why a call to Halo failed. {@link #message()} is one sentence for an MSP admin and never holds a
 * secret, a token or a response body; {@link #isTransient()} separates "retry with backoff" from
 * "stop until the user changes something".
 */
public sealed interface HaloFailure {

  String message();

  boolean isTransient();

  /** Connection refused, DNS failure, reset, or connection closed mid-response. */
  record Unreachable(String detail) implements HaloFailure {
    public String message() {
      return "Halo could not be reached (" + detail + "); check the Resource Server address and that the instance is online.";
    }

    public boolean isTransient() {
      return true;
    }
  }

  /** {@code phase}: "connect", "read" or "call" (the whole call took too long). */
  record Timeout(String phase) implements HaloFailure {
    public String message() {
      return "Halo did not answer in time (" + phase + " timeout); the check will be retried.";
    }

    public boolean isTransient() {
      return true;
    }
  }

  /** Certificate not trusted, hostname mismatch, failed handshake, or an unreadable CA. */
  record TlsUntrusted(String detail) implements HaloFailure {
    public String message() {
      return "Halo's TLS certificate is not trusted (" + detail + "); for a self-hosted Halo with a private CA, configure that CA's certificate.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** The token URL answered 404/405, after discovery and the {@code {base}/auth} fallback. */
  record TokenEndpointNotFound(URI tried) implements HaloFailure {
    public String message() {
      return "No Halo token endpoint answers at " + tried + "; check that the Resource Server is the address of the Halo instance, or set the authorisation server explicitly.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** Halo rejected the client id, secret or tenant. */
  record InvalidClient() implements HaloFailure {
    public String message() {
      return "Halo rejected the client credentials; check the Tenant, the Resource Server, the Client ID and the Client Secret of the API application"
          + " (Configuration > Integrations > Halo API), as Halo may change the Client ID when the application is saved.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** {@code scope}: the permission Halo named as not accepted, or null when it did not say. */
  record InvalidScope(String scope) implements HaloFailure {
    public String message() {
      return scope == null
          ? "Halo does not accept one of the requested permissions; check the permission names and the API application's permissions in Halo."
          : "Halo does not accept the permission '" + scope + "'; remove it from the requested permissions or check its spelling.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** 400 {@code invalid_request} at the token endpoint, e.g. a wrong tenant. */
  record InvalidRequest(String detail) implements HaloFailure {
    public String message() {
      return "Halo's token endpoint rejected the request (" + detail + "); check the Tenant and the Resource Server.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** An API call answered 401 with a freshly minted token too. */
  record Unauthorized(String endpoint) implements HaloFailure {
    public String message() {
      return "Halo rejects the API application's token at " + endpoint + " even just after issuing it; check that the application and its login agent are active"
          + " and that the application has permissions.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** An API call answered 403 (outside a probe). */
  record Forbidden(String endpoint) implements HaloFailure {
    public String message() {
      return "Halo denies the API application access to " + endpoint + "; grant the permission in the application and the role of its login agent.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** An API call answered 404. */
  record NotFound(String endpoint) implements HaloFailure {
    public String message() {
      return "Halo answered 'not found' for " + endpoint + "; check that the Resource Server is the address of a Halo instance.";
    }

    public boolean isTransient() {
      return false;
    }
  }

  /** 429; {@code retryAfter} from the {@code Retry-After} header, null when absent. */
  record RateLimited(Duration retryAfter) implements HaloFailure {
    public String message() {
      return retryAfter == null
          ? "Halo is rate limiting this tenant; calls will resume after a pause."
          : "Halo is rate limiting this tenant; calls will resume in " + retryAfter.toSeconds() + " s.";
    }

    public boolean isTransient() {
      return true;
    }
  }

  /**
   * The operator's own per-instance request budget ({@link RateBudget}) had no slot within {@code waited}: the
   * operator holds back so that its links together stay under Halo's rate limit.
   */
  record BudgetSpent(int requests, Duration window, Duration waited) implements HaloFailure {
    public String message() {
      return "The operator's request budget for this Halo instance (" + requests + " requests per " + human(window)
          + ") is in use by its links; calls will resume shortly.";
    }

    public boolean isTransient() {
      return true;
    }

    static String human(Duration d) {
      return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + " min" : d.toMillis() % 1000 == 0
          ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
  }

  /** 5xx, including an HTML 500 from the token endpoint and a 504 from the gateway. */
  record ServerError(int status, String endpoint) implements HaloFailure {
    public String message() {
      return "Halo answered " + endpoint + " with server error " + status + "; this is usually temporary, otherwise check that the Resource Server is a Halo instance.";
    }

    public boolean isTransient() {
      return true;
    }
  }

  /**
   * An answer that is not what Halo promises: a 2xx with HTML, malformed JSON or an {@code error}
   * (transient), or an unexpected 3xx/4xx status (not transient: repeating the request will not help).
   */
  record BadResponse(int status, String endpoint, String detail) implements HaloFailure {
    public String message() {
      return "Halo answered " + endpoint + " with " + detail + " (HTTP " + status + ").";
    }

    public boolean isTransient() {
      return (status >= 200 && status < 300) || status >= 500;
    }
  }
}
