package dev.prism.registry;

import dev.prism.store.db.MetadataDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** How each event's delivery to each webhook ended, in {@code webhook_delivery}. */
public final class WebhookDeliveries {
  private static final int MAX_ERROR = 1_000;
  private final MetadataDb db;
  private final Clock clock;

  public WebhookDeliveries(MetadataDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One delivery's outcome. */
  public record Outcome(String eventId, String url, boolean delivered, int attempts, Integer httpStatus, String lastError) {}

  /** Records how a delivery ended, replacing the outcome of an earlier try of the same event and webhook. */
  public void record(Outcome o) {
    db.inTransaction(c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM webhook_delivery WHERE event_id = ? AND url = ?")) {
        del.setString(1, o.eventId());
        del.setString(2, o.url());
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_delivery (event_id, url, status, attempts, http_status, "
          + "last_error, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, o.eventId());
        ps.setString(2, o.url());
        ps.setString(3, o.delivered() ? "delivered" : "failed");
        ps.setInt(4, o.attempts());
        if (o.httpStatus() == null) {
          ps.setNull(5, Types.INTEGER);
        } else {
          ps.setInt(5, o.httpStatus());
        }
        String err = o.lastError() == null ? "" : o.lastError();
        ps.setString(6, err.length() <= MAX_ERROR ? err : err.substring(0, MAX_ERROR));
        ps.setLong(7, clock.millis());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Event id → {@code delivered} or {@code failed} for {@code url}; an event not attempted is absent. */
  public Map<String, String> statuses(String url) {
    return db.withConnection(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT event_id, status FROM webhook_delivery WHERE url = ? ORDER BY at")) {
        ps.setString(1, url);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    });
  }
}
