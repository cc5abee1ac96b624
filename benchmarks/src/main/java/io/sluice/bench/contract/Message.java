package io.sluice.bench.contract;

/** The {@code /json} body, {@code {"message":"Hello, World!"}}, serialized for every request. */
record Message(String message) {

  static final String HELLO = "Hello, World!";
}
