package io.sluice.db;

import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.TransactionDefinition;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a transaction begins: its isolation level and whether it is read-only.
 *
 * @param isolation the isolation level, or {@code null} for the server's default (read committed
 *     unless configured otherwise)
 * @param readOnly whether the transaction may only read
 */
public record TransactionOptions(@Nullable Isolation isolation, boolean readOnly)
    implements TransactionDefinition {

  /** PostgreSQL's isolation levels (it runs READ UNCOMMITTED as READ COMMITTED). */
  public enum Isolation {
    /** Each statement sees data committed before it began. */
    READ_COMMITTED,
    /** The transaction sees one snapshot; concurrent updates fail with serialization errors. */
    REPEATABLE_READ,
    /** As if transactions ran one after another; conflicts fail with serialization errors. */
    SERIALIZABLE;

    IsolationLevel level() {
      return switch (this) {
        case READ_COMMITTED -> IsolationLevel.READ_COMMITTED;
        case REPEATABLE_READ -> IsolationLevel.REPEATABLE_READ;
        case SERIALIZABLE -> IsolationLevel.SERIALIZABLE;
      };
    }
  }

  /** The server's default isolation, read-write. */
  public static final TransactionOptions DEFAULT = new TransactionOptions(null, false);

  /** Returns read-write options at this isolation level. */
  public static TransactionOptions isolation(Isolation isolation) {
    return new TransactionOptions(Objects.requireNonNull(isolation, "isolation"), false);
  }

  /** Returns read-write serializable options. */
  public static TransactionOptions serializable() {
    return isolation(Isolation.SERIALIZABLE);
  }

  /** Returns these options, read-only. */
  public TransactionOptions asReadOnly() {
    return new TransactionOptions(isolation, true);
  }

  /** For the driver: the R2DBC attributes of these options. */
  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T getAttribute(Option<T> option) {
    if (option.equals(TransactionDefinition.ISOLATION_LEVEL)) {
      return isolation == null ? null : (T) isolation.level();
    }
    if (option.equals(TransactionDefinition.READ_ONLY)) {
      return readOnly ? (T) (Boolean) true : null;
    }
    return null;
  }
}
