package io.sluice.db;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A connection to PostgreSQL could not be opened: the server is unreachable, refused the login, or
 * the database does not exist. The message says where it tried and why it failed.
 */
public final class ConnectionFailedException extends R2dbcNonTransientResourceException {

  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;
  private final String database;
  private final String user;

  /**
   * Creates the exception.
   *
   * @param host the host tried
   * @param port the port tried
   * @param database the database asked for
   * @param user the role used
   * @param cause the driver's or network's exception
   */
  public ConnectionFailedException(
      String host, int port, String database, String user, @Nullable Throwable cause) {
    super(
        "Cannot connect to PostgreSQL at "
            + Objects.requireNonNull(host, "host")
            + ":"
            + port
            + " (database '"
            + Objects.requireNonNull(database, "database")
            + "', user '"
            + Objects.requireNonNull(user, "user")
            + "'): "
            + rootMessage(cause),
        cause);
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
  }

  /** Returns the host tried. */
  public String host() {
    return host;
  }

  /** Returns the port tried. */
  public int port() {
    return port;
  }

  /** Returns the database asked for. */
  public String database() {
    return database;
  }

  /** Returns the role used. */
  public String user() {
    return user;
  }

  private static String rootMessage(@Nullable Throwable cause) {
    Throwable root = cause;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root == null) {
      return "unknown cause";
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
