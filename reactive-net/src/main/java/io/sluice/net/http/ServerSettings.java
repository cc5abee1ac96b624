package io.sluice.net.http;

import io.sluice.net.internal.ServerHttpDate;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/** What the request engine of one bound server needs from its configuration. */
record ServerSettings(
    JsonMapper jsonMapper,
    long maxBodySize,
    Scheduler blockingScheduler,
    Duration requestTimeout,
    @Nullable Consumer<AccessLogEntry> accessLog,
    @Nullable String serverName,
    ServerHttpDate date,
    int maxWebSocketMessageSize) {}
