package dev.prism.store.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on the database's connection; SQL errors are wrapped by {@link MetadataDb}. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
