package io.sluice.db.internal;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.Client;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Reaches through pool wrappers to the r2dbc-postgresql connection and its protocol {@link Client}.
 *
 * <p>The driver keeps its {@code Client} package-private ({@code PostgresqlConnection#getClient}).
 * COPY TO STDOUT needs it (the driver only implements COPY FROM STDIN), so it is looked up once by
 * reflection; a driver version without it fails loudly on first use, naming the method.
 */
public final class DriverAccess {

  private static final MethodHandle GET_CLIENT = findGetClient();

  private DriverAccess() {}

  /** Returns the driver's connection under any number of pool wrappers. */
  public static PostgresqlConnection postgres(Connection connection) {
    Object current = connection;
    for (int depth = 0; depth < 8; depth++) {
      if (current instanceof PostgresqlConnection pg) {
        return pg;
      }
      if (current instanceof Wrapped<?> wrapped) {
        current = wrapped.unwrap();
      } else {
        break;
      }
    }
    throw new IllegalStateException(
        "Not an r2dbc-postgresql connection: " + connection.getClass().getName());
  }

  /** Returns the protocol client of a (possibly pooled) connection. */
  public static Client client(Connection connection) {
    PostgresqlConnection pg = postgres(connection);
    try {
      return (Client) GET_CLIENT.invoke(pg);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot reach the protocol client of " + pg, e);
    }
  }

  private static MethodHandle findGetClient() {
    try {
      Class<?> type = Class.forName("io.r2dbc.postgresql.PostgresqlConnection");
      Method method = type.getDeclaredMethod("getClient");
      method.setAccessible(true);
      return MethodHandles.lookup()
          .unreflect(method)
          .asType(MethodType.methodType(Client.class, PostgresqlConnection.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(
          new IllegalStateException(
              "This r2dbc-postgresql version has no PostgresqlConnection#getClient(); COPY TO"
                  + " STDOUT needs it (tested with 1.1.3.RELEASE)",
              e));
    }
  }
}
