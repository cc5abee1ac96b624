package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.net.http.client.ClientResponse;
import tools.jackson.databind.JsonNode;

/** Checks that a response is an RFC 9457 problem document with the expected status. */
public final class ProblemAssert {

  private ProblemAssert() {}

  /**
   * Asserts the status, the problem+json media type and the document's status member.
   *
   * @return the problem document
   */
  public static JsonNode assertProblem(ClientResponse response, int status) {
    assertThat(response.status()).as("status of %s", response.bodyAsString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = DemoUnderTest.json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asString()).isNotBlank();
    return problem;
  }
}
