package io.sluice.db.internal;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.postgresql.client.Client;
import io.r2dbc.postgresql.codec.Codecs;
import io.r2dbc.postgresql.message.backend.BackendMessage;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import reactor.core.publisher.Flux;

/**
 * Reaches through pool wrappers to the r2dbc-postgresql connection and to the package-private parts
 * of the driver that Sluice drives directly: the protocol {@link Client}, the connection's {@link
 * Codecs}, and the driver's result type built over a stream of backend messages.
 *
 * <p>COPY TO STDOUT (which the driver does not implement) needs the {@code Client}; pipelined
 * statements on shared connections need all of them. Each is looked up once by reflection; a driver
 * version without one fails loudly on first use, naming what is missing (tested with
 * 1.1.3.RELEASE).
 */
public final class DriverAccess {

  private static final String DRIVER = "io.r2dbc.postgresql.";
  private static final MethodHandle GET_CLIENT = findGetClient();
  private static final MethodHandle GET_RESOURCES =
      find(
          DRIVER + "PostgresqlConnection",
          "getResources",
          MethodType.methodType(Object.class, PostgresqlConnection.class));
  private static final MethodHandle GET_CODECS =
      find(
          DRIVER + "ConnectionResources",
          "getCodecs",
          MethodType.methodType(Codecs.class, Object.class));
  private static final MethodHandle GET_CONFIGURATION =
      find(
          DRIVER + "ConnectionResources",
          "getConfiguration",
          MethodType.methodType(Object.class, Object.class));
  private static final MethodHandle IS_FORCE_BINARY =
      find(
          DRIVER + "PostgresqlConnectionConfiguration",
          "isForceBinary",
          MethodType.methodType(boolean.class, Object.class));
  private static final MethodHandle EXCEPTION_FACTORY =
      find(
          DRIVER + "ExceptionFactory",
          "withSql",
          MethodType.methodType(Object.class, String.class),
          String.class);
  private static final MethodHandle TO_RESULT =
      find(
          DRIVER + "PostgresqlResult",
          "toResult",
          MethodType.methodType(PostgresqlResult.class, Object.class, Flux.class, Object.class),
          "ConnectionResources",
          Flux.class,
          "ExceptionFactory");

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

  /**
   * Returns the driver's resources of a (possibly pooled) connection, an opaque handle for {@link
   * #codecs}, {@link #forceBinary} and {@link #result}.
   */
  public static Object resources(Connection connection) {
    PostgresqlConnection pg = postgres(connection);
    return invoke(() -> GET_RESOURCES.invoke(pg), "the resources of " + pg);
  }

  /** Returns the codecs the driver binds and decodes values with on that connection. */
  public static Codecs codecs(Object resources) {
    return (Codecs) invoke(() -> GET_CODECS.invoke(resources), "the codecs of " + resources);
  }

  /** Returns whether the connection asks for every result column in binary format. */
  public static boolean forceBinary(Object resources) {
    return (boolean)
        invoke(
            () -> IS_FORCE_BINARY.invoke(GET_CONFIGURATION.invoke(resources)),
            "the configuration of " + resources);
  }

  /**
   * Returns the driver's result over the backend messages of one statement: it decodes rows against
   * the {@code RowDescription} with the connection's codecs, and turns an {@code ErrorResponse}
   * into the driver's exception for {@code sql}, exactly as for a statement the driver runs itself.
   */
  public static PostgresqlResult result(
      Object resources, Flux<BackendMessage> messages, String sql) {
    return (PostgresqlResult)
        invoke(
            () -> TO_RESULT.invoke(resources, messages, EXCEPTION_FACTORY.invoke(sql)),
            "a result for " + sql);
  }

  private interface Call {
    Object run() throws Throwable;
  }

  private static Object invoke(Call call, String what) {
    try {
      return call.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot reach " + what, e);
    }
  }

  /**
   * Finds a method of the driver; {@code parameters} are classes or simple names of driver classes.
   */
  private static MethodHandle find(
      String className, String name, MethodType erased, Object... parameters) {
    try {
      Class<?> type = Class.forName(className);
      Class<?>[] types = new Class<?>[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        types[i] = parameters[i] instanceof Class<?> c ? c : Class.forName(DRIVER + parameters[i]);
      }
      Method method = type.getDeclaredMethod(name, types);
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method).asType(erased);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(
          new IllegalStateException(
              "This r2dbc-postgresql version has no "
                  + className
                  + "#"
                  + name
                  + "; pipelined statements need it (tested with 1.1.3.RELEASE)",
              e));
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
