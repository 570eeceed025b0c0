package dev.prism.store.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Prism's metadata database (labels, later registry and experiments) behind JDBC: an embedded
 * SQLite file by default, PostgreSQL when given a {@code jdbc:postgresql:} URL. Opening it applies
 * pending schema migrations, so every process sees the schema its code expects.
 *
 * <p>One connection, used by one thread at a time (calls are serialised by a lock). That is right
 * for the CLI and the tests; a server with concurrent writers puts a pool behind the same methods.
 *
 * <p>SQLite is opened with WAL journaling (readers do not block the writer), foreign keys on (off
 * by default in SQLite), a busy timeout, and IMMEDIATE transactions, so a transaction takes the
 * write lock when it begins and waits for it, instead of failing with SQLITE_BUSY when a read
 * transaction later tries to write.
 */
public final class MetadataDb implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetadataDb.class);

  /** Where the embedded database lives unless told otherwise, relative to the working directory. */
  public static final String DEFAULT_SQLITE_PATH = ".prism/prism.db";

  /** The JDBC URL used when none is given. */
  public static final String DEFAULT_URL = "jdbc:sqlite:" + DEFAULT_SQLITE_PATH;

  /** How long a SQLite writer waits for another process's write lock before failing. */
  public static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

  private final Connection connection;
  private final Dialect dialect;
  private final String url;
  private final ReentrantLock lock = new ReentrantLock();

  private MetadataDb(Connection connection, Dialect dialect, String url) {
    this.connection = connection;
    this.dialect = dialect;
    this.url = url;
  }

  /** Opens {@code url} and applies Prism's migrations from the classpath. */
  public static MetadataDb open(String url) {
    return open(url, Migrations.fromClasspath(), Clock.systemUTC());
  }

  /**
   * Opens {@code url} and applies {@code migrations}.
   *
   * @param url {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host:port/db?user=…}; a value
   *     without a {@code jdbc:} prefix is taken as a SQLite file path
   * @throws MigrationException when the schema cannot be brought to {@code migrations}
   */
  public static MetadataDb open(String url, List<Migration> migrations, Clock clock) {
    String jdbcUrl = toJdbcUrl(url);
    Dialect dialect = Dialect.ofUrl(jdbcUrl);
    Connection connection = connect(jdbcUrl, dialect);
    MetadataDb db = new MetadataDb(connection, dialect, jdbcUrl);
    try {
      List<Migration> applied = new Migrator(connection, dialect, clock).migrate(migrations);
      log.debug("opened {} ({}), {} migrations applied now", redact(jdbcUrl), dialect, applied.size());
      return db;
    } catch (SQLException e) {
      db.close();
      throw new MigrationException("cannot migrate " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A bare path becomes a SQLite URL, so {@code --db my.db} works. */
  static String toJdbcUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("metadata database URL must not be blank");
    }
    return url.startsWith("jdbc:") ? url : Dialect.SQLITE.urlPrefix() + url;
  }

  private static Connection connect(String url, Dialect dialect) {
    try {
      return switch (dialect) {
        case SQLITE -> {
          createParentDirectory(url);
          SQLiteConfig config = new SQLiteConfig();
          config.setJournalMode(SQLiteConfig.JournalMode.WAL);
          config.enforceForeignKeys(true);
          config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
          // NORMAL is durable against application crashes in WAL mode; FULL only adds power-loss safety per commit
          config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
          config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
          yield openSqlite(url, config.toProperties());
        }
        case POSTGRESQL -> {
          Properties props = new Properties();
          if (!url.contains("reWriteBatchedInserts")) {
            // batches become multi-row INSERTs: several times faster imports (the store dedupes keys per batch)
            props.setProperty("reWriteBatchedInserts", "true");
          }
          yield DriverManager.getConnection(url, props);
        }
      };
    } catch (SQLException e) {
      throw new StoreException("cannot open metadata database " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a SQLite connection, retrying while another process holds the lock. The driver applies
   * the open-time pragmas (switching a new file to WAL needs an exclusive lock) before the busy
   * timeout covers them, so two processes starting on one new file at once could fail with
   * SQLITE_BUSY at open (seen once in CI: {@code SqliteMigrationTest.concurrentStartsApplyEachMigrationOnce}).
   * Retries for up to {@link #SQLITE_BUSY_TIMEOUT_MS}, like every later statement waits.
   */
  private static Connection openSqlite(String url, Properties props) throws SQLException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SQLITE_BUSY_TIMEOUT_MS);
    long pauseMs = 5;
    while (true) {
      try {
        return DriverManager.getConnection(url, props);
      } catch (org.sqlite.SQLiteException e) {
        boolean busy = e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY
            || e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_LOCKED;
        if (!busy || System.nanoTime() - deadline > 0) {
          throw e;
        }
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMs = Math.min(100, pauseMs * 2);
      }
    }
  }

  private static void createParentDirectory(String url) {
    String path = url.substring(Dialect.SQLITE.urlPrefix().length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      return; // in-memory or URI form: nothing to create
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create directory " + parent + " for the metadata database", e);
      }
    }
  }

  /** The URL without a password parameter, for logs and messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The JDBC URL (password redacted). */
  public String url() {
    return redact(url);
  }

  /** The applied migrations, by version. */
  public List<AppliedMigration> history() {
    return withConnection(c -> new Migrator(c, dialect, Clock.systemUTC()).history());
  }

  /** Runs {@code work} in autocommit mode. */
  public <T> T withConnection(SqlWork<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("metadata database error on " + redact(url) + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("metadata database error on " + redact(url) + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void rollbackQuietly(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing {} failed: {}", redact(url), e.getMessage());
    } finally {
      lock.unlock();
    }
  }
}
