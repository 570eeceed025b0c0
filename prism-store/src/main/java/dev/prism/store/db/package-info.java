/**
 * The metadata database: one JDBC connection to SQLite or PostgreSQL, the SQL dialect differences,
 * and versioned, checksummed schema migrations found on the classpath.
 */
package dev.prism.store.db;
