package io.sluice.db.internal;

import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.sluice.db.RowMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a row to a record by matching each component to a column of the same name, compared ignoring
 * case and underscores ({@code createdAt} matches {@code created_at}), and reading the column as
 * the component's type. Non-record types read the first column.
 */
public final class RecordRowMapper<T> implements RowMapper<T> {

  private final Class<T> type;
  private final RecordComponent @Nullable [] components;
  private final @Nullable Constructor<T> constructor;
  private volatile @Nullable String @Nullable [] columns;

  private RecordRowMapper(Class<T> type) {
    this.type = type;
    if (type.isRecord()) {
      RecordComponent[] recordComponents = type.getRecordComponents();
      Class<?>[] types = new Class<?>[recordComponents.length];
      for (int i = 0; i < recordComponents.length; i++) {
        types[i] = recordComponents[i].getType();
      }
      try {
        Constructor<T> canonical = type.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        this.constructor = canonical;
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(
            "Record " + type.getName() + " has no canonical constructor", e);
      }
      this.components = recordComponents;
    } else {
      this.components = null;
      this.constructor = null;
    }
  }

  /** Returns a mapper to {@code type}: a record by column names, anything else by column 1. */
  public static <T> RowMapper<T> of(Class<T> type) {
    return new RecordRowMapper<>(type);
  }

  @Override
  public T map(Row row) {
    RecordComponent[] recordComponents = components;
    Constructor<T> canonical = constructor;
    if (recordComponents == null || canonical == null) {
      Object value = row.get(0, boxed(type));
      if (value == null) {
        throw new NullPointerException("Column 1 is NULL; map to a record or use a RowMapper");
      }
      return type.cast(value);
    }
    String[] names = resolve(row.getMetadata(), recordComponents);
    Object[] args = new Object[recordComponents.length];
    for (int i = 0; i < recordComponents.length; i++) {
      Class<?> componentType = recordComponents[i].getType();
      Object value = row.get(names[i], boxed(componentType));
      if (value == null && componentType.isPrimitive()) {
        throw new NullPointerException(
            "Column '"
                + names[i]
                + "' is NULL but "
                + type.getSimpleName()
                + "."
                + recordComponents[i].getName()
                + " is a primitive "
                + componentType);
      }
      args[i] = value;
    }
    try {
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + type.getName(), e);
    }
  }

  private String[] resolve(RowMetadata metadata, RecordComponent[] recordComponents) {
    @Nullable String[] cached = columns;
    if (cached != null) {
      return nonNull(cached);
    }
    Map<String, String> byKey = new HashMap<>();
    for (ColumnMetadata column : metadata.getColumnMetadatas()) {
      byKey.putIfAbsent(key(column.getName()), column.getName());
    }
    String[] names = new String[recordComponents.length];
    for (int i = 0; i < recordComponents.length; i++) {
      String name = byKey.get(key(recordComponents[i].getName()));
      if (name == null) {
        throw new IllegalArgumentException(
            "No column for "
                + type.getSimpleName()
                + "."
                + recordComponents[i].getName()
                + "; the query returns "
                + byKey.values());
      }
      names[i] = name;
    }
    columns = names;
    return names;
  }

  @SuppressWarnings("NullAway")
  private static String[] nonNull(@Nullable String[] names) {
    return names;
  }

  private static String key(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    }
    return Character.class;
  }
}
