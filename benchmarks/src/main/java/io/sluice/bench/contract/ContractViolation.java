package io.sluice.bench.contract;

import java.util.function.Supplier;

/** A server's answer that breaks the benchmark contract, found by the contract checker. */
final class ContractViolation extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ContractViolation(String message) {
    super(message, null, false, false);
  }

  /** Throws a violation with the message unless the condition holds. */
  static void require(boolean condition, Supplier<String> message) {
    if (!condition) {
      throw new ContractViolation(message.get());
    }
  }
}
