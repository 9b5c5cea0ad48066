package io.psalink.check;

import io.psalink.api.v1alpha1.HaloLinkStatus.WebhookStatus;
import io.psalink.check.LinkInputs.DesiredWebhook;
import io.psalink.halo.HaloException;
import io.psalink.halo.HaloSession;
import io.psalink.halo.HaloWebhook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the webhooks a link owns in Halo match its spec: creates the missing, updates the drifted, deletes the
 * ones no longer wanted and any duplicates, and touches nothing it does not own.
 */
final class WebhookSync {
  private static final int AUTH_NONE = 0;
  private static final int AUTH_BASIC = 1;

  private WebhookSync() {}

  /** Brings Halo in line and returns what is registered, in spec order. */
  /** @param key keys the fingerprint of the webhooks' Basic auth credentials (the link's client secret) */
  static List<WebhookStatus> sync(HaloSession session, List<HaloWebhook> inHalo, List<DesiredWebhook> desired,
      String owner, String key) throws HaloException {
    Map<String, HaloWebhook> owned = new HashMap<>();
    List<HaloWebhook> surplus = new ArrayList<>();
    for (HaloWebhook w : inHalo) {
      Optional<WebhookMarker> marker = WebhookMarker.parse(w.getNote()).filter(m -> m.owner().equals(owner));
      if (marker.isEmpty()) {
        continue;
      }
      if (owned.putIfAbsent(marker.get().webhook(), w) != null) {
        surplus.add(w);
      }
    }
    List<WebhookStatus> registered = new ArrayList<>();
    var wanted = new HashSet<String>();
    for (DesiredWebhook d : desired) {
      wanted.add(d.name());
      HaloWebhook current = owned.get(d.name());
      String note = WebhookMarker.of(owner, d.name(), d.username(), d.password(), key).note();
      HaloWebhook saved;
      if (current == null) {
        saved = session.saveWebhook(apply(new HaloWebhook(), d, owner, note));
      } else if (drifted(current, d, owner, note)) {
        saved = session.saveWebhook(apply(current, d, owner, note));
      } else {
        saved = current;
      }
      registered.add(new WebhookStatus(d.name(), saved.getId(), d.url(), List.copyOf(d.events())));
    }
    for (var e : owned.entrySet()) {
      if (!wanted.contains(e.getKey())) {
        surplus.add(e.getValue());
      }
    }
    for (HaloWebhook w : surplus) {
      session.deleteWebhook(w.getId());
    }
    return registered;
  }

  /** Deletes every webhook this link owns; Halo answering 404 counts as done. Returns how many were deleted. */
  static int deleteOwned(HaloSession session, String owner) throws HaloException {
    int deleted = 0;
    for (HaloWebhook w : session.webhooks()) {
      if (WebhookMarker.parse(w.getNote()).filter(m -> m.owner().equals(owner)).isPresent()) {
        session.deleteWebhook(w.getId());
        deleted++;
      }
    }
    return deleted;
  }

  static String haloName(String owner, DesiredWebhook d) {
    return d.name() + " (" + owner + ")";
  }

  private static boolean drifted(HaloWebhook w, DesiredWebhook d, String owner, String note) {
    boolean basic = d.username() != null || d.password() != null;
    return !Objects.equals(w.getUrl(), d.url())
        || !Objects.equals(new HashSet<>(nullToEmpty(w.getEvents())), new HashSet<>(d.events()))
        || !Objects.equals(w.getName(), haloName(owner, d))
        || !Boolean.TRUE.equals(w.getActive())
        || !Objects.equals(w.getNote(), note)
        || (w.getAuthenticationType() == null ? AUTH_NONE : w.getAuthenticationType()) != (basic ? AUTH_BASIC : AUTH_NONE)
        || (basic && !Objects.equals(w.getBasicUsername(), d.username()));
  }

  private static HaloWebhook apply(HaloWebhook w, DesiredWebhook d, String owner, String note) {
    boolean basic = d.username() != null || d.password() != null;
    w.setName(haloName(owner, d));
    w.setUrl(d.url());
    w.setEvents(List.copyOf(d.events()));
    w.setActive(true);
    w.setNote(note);
    w.setAuthenticationType(basic ? AUTH_BASIC : AUTH_NONE);
    w.setBasicUsername(basic ? d.username() : null);
    w.setBasicPassword(basic ? d.password() : null);
    return w;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
