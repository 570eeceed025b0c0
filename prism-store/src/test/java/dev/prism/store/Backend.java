package dev.prism.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a contract test's databases live. */
public sealed interface Backend {

  /** A URL of a new, empty database. */
  String newUrl(Path tmp);

  /** Drops what {@link #newUrl} created outside the temp dir. */
  void cleanup();

  /** A SQLite file per URL in the test's temp dir. */
  final class Sqlite implements Backend {
    private int count;

    @Override
    public String newUrl(Path tmp) {
      return Databases.sqliteUrl(tmp.resolve("db" + (count++)));
    }

    @Override
    public void cleanup() {}
  }

  /** A fresh schema per URL on {@value Databases#POSTGRES_ENV}; skipped when it is unset. */
  final class Postgres implements Backend {
    private final List<String> schemas = new ArrayList<>();

    @Override
    public String newUrl(Path tmp) {
      String base = Databases.postgresBaseUrl();
      String schema = Databases.newSchemaName();
      String url = Databases.freshPostgresSchema(base, schema);
      schemas.add(schema);
      return url;
    }

    @Override
    public void cleanup() {
      String base = System.getenv(Databases.POSTGRES_ENV);
      for (String s : schemas) {
        Databases.dropPostgresSchema(base, s);
      }
      schemas.clear();
    }
  }
}
