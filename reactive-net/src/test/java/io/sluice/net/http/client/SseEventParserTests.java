package io.sluice.net.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SseEventParserTests {

  private final SseSession session = new SseSession(SseOptions.defaults());

  private List<ServerSentEvent> parse(String... lines) {
    SseEventParser parser =
        new SseEventParser(session, 64, () -> new IllegalStateException("too large"));
    List<ServerSentEvent> events = new ArrayList<>();
    for (String line : lines) {
      ServerSentEvent event = parser.accept(line);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  @Test
  void fieldsMakeAnEventDispatchedAtABlankLine() {
    assertThat(parse("event: update", "data: a", "data:b", "id: 7", ""))
        .containsExactly(new ServerSentEvent("7", "update", "a\nb"));
    assertThat(session.lastEventId()).isEqualTo("7");
  }

  @Test
  void commentsUnknownFieldsAndEventsWithoutDataAreNotEmitted() {
    assertThat(parse(": keep-alive", "", "foo: bar", "", "event: empty", "")).isEmpty();
  }

  @Test
  void anUnfinishedEventIsDiscarded() {
    assertThat(parse("data: never dispatched")).isEmpty();
  }

  @Test
  void onlyOneLeadingSpaceIsRemovedAndAFieldWithoutColonHasAnEmptyValue() {
    assertThat(parse("data:  two spaces", "data", ""))
        .containsExactly(new ServerSentEvent(null, "message", " two spaces\n"));
  }

  @Test
  void theIdCarriesOverToLaterEventsAndAnEmptyIdResetsIt() {
    assertThat(parse("id: 1", "data: a", "", "data: b", "", "id", "data: c", ""))
        .containsExactly(
            new ServerSentEvent("1", "message", "a"),
            new ServerSentEvent("1", "message", "b"),
            new ServerSentEvent(null, "message", "c"));
  }

  @Test
  void anIdContainingNulIsIgnored() {
    assertThat(parse("id: 5", "data: a", "", "id: x\0y", "data: b", ""))
        .extracting(ServerSentEvent::id)
        .containsExactly("5", "5");
  }

  @Test
  void retrySetsTheReconnectionTimeOnlyWhenAllDigits() {
    parse("retry: 1500", "retry: 15x", "retry: -3", "");
    StepVerifier.withVirtualTime(session::delay)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1499))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(0L)
        .verifyComplete();
  }

  @Test
  void aByteOrderMarkAtTheStartIsIgnored() {
    assertThat(parse("\uFEFFdata: x", ""))
        .containsExactly(new ServerSentEvent(null, "message", "x"));
  }

  @Test
  void dataOverTheMaximumFails() {
    assertThatThrownBy(() -> parse("data: " + "y".repeat(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("too large");
  }

  @Test
  void anIoErrorReconnectsButOtherErrorsStopTheStream() {
    StepVerifier.withVirtualTime(() -> session.reconnectAfterError(new java.io.IOException("x")))
        .thenAwait(SseOptions.DEFAULT_RECONNECT_DELAY)
        .expectNext(0L)
        .verifyComplete();
    StepVerifier.create(session.reconnectAfterError(new IllegalStateException("bad")))
        .expectError(IllegalStateException.class)
        .verify(Duration.ofSeconds(1));
  }
}
