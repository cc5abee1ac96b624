package io.sluice.bench.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointTests {

  @Test
  void mapsEachContractPathToItsEndpointAndMethod() {
    assertThat(Endpoint.forPath("/ingest")).isEqualTo(Endpoint.INGEST);
    assertThat(Endpoint.INGEST.method()).isEqualTo("POST");
    assertThat(Endpoint.forPath("/queries")).isEqualTo(Endpoint.QUERIES);
    assertThat(Endpoint.QUERIES.method()).isEqualTo("GET");
    assertThat(Endpoint.forPath("/queries/")).isNull();
    assertThat(Endpoint.forPath("/")).isNull();
  }
}
