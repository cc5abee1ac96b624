package io.sluice.demo.stations;

/** The station registry answered, but not with a station or a {@code 404}. */
final class RegistryAnswerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RegistryAnswerException(String message) {
    super(message, null, false, false);
  }
}
