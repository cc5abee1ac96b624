package io.sluice.db;

import io.r2dbc.spi.Row;

/**
 * Turns one row into a value. Called once per row, on the connection's event loop: keep it quick
 * and non-blocking. The {@link Row} is only valid during the call: read what you need from it (with
 * {@code row.get(name, Type.class)}) and never keep it.
 *
 * @param <T> the type of value produced; never {@code null}
 */
@FunctionalInterface
public interface RowMapper<T> {

  /**
   * Maps the row.
   *
   * @param row the current row, valid only during this call
   * @return the value, not {@code null}
   */
  T map(Row row);
}
