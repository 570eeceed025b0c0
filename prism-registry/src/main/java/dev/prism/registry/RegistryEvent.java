package dev.prism.registry;

import java.time.Instant;

/**
 * A change to the registry, recorded in the same transaction as the change (so an event exists
 * exactly when the change does) and delivered to webhooks afterwards.
 *
 * @param seq order of events in this database
 * @param id a UUID, the idempotency key receivers use to drop a redelivered event
 * @param type {@link #MODEL_REGISTERED} or {@link #ALIAS_MOVED}
 * @param payloadJson the full event as JSON, exactly the body a webhook receives
 */
public record RegistryEvent(long seq, String id, String type, String signal, String actor, Instant at, String payloadJson) {
  public static final String MODEL_REGISTERED = "model.registered";
  public static final String ALIAS_MOVED = "alias.moved";
}
