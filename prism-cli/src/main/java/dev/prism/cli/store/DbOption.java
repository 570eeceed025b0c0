package dev.prism.cli.store;

import dev.prism.store.db.MetadataDb;
import picocli.CommandLine.Option;

/** The {@code --db} option shared by every store command. */
final class DbOption {
  @Option(names = "--db", paramLabel = "URL", defaultValue = MetadataDb.DEFAULT_URL,
      description = "metadata database: jdbc:sqlite:<file>, jdbc:postgresql://host:port/db?user=…, or a SQLite file path"
          + " (default: ${DEFAULT-VALUE})")
  String url;

  MetadataDb open() {
    return MetadataDb.open(url);
  }
}
