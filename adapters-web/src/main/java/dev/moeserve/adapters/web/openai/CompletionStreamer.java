package dev.moeserve.adapters.web.openai;

import dev.moeserve.adapters.web.error.OpenAiError;
import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.CompletionCommand;
import dev.moeserve.application.port.in.CompletionObserver;
import dev.moeserve.application.port.in.CompletionResult;
import dev.moeserve.application.port.in.ServeCompletion;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a completion as Server-Sent Events: chunks as the text arrives, a final chunk with the finish
 * reason (and usage when asked), then {@code data: [DONE]}. Refusals that happen before generation
 * starts (402, 429, ...) are still plain HTTP errors; a client that goes away cancels generation at the
 * next decode step, and the tokens produced so far are billed as a cancelled request.
 */
@Singleton
final class CompletionStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionStreamer.class);
    static final String DONE = "[DONE]";

    private final ServeCompletion serveCompletion;
    private final JsonMapper json;
    private final Duration keepAlive;

    CompletionStreamer(ServeCompletion serveCompletion, JsonMapper json,
                       @Value("${moeserve.keep-alive:5s}") Duration keepAlive) {
        this.serveCompletion = serveCompletion;
        this.json = json;
        this.keepAlive = keepAlive.isNegative() || keepAlive.isZero() ? Duration.ofSeconds(5) : keepAlive;
    }

    /**
     * Answers a completion request: streamed when it asked for {@code stream}, else whole, shaped by
     * {@code whole} (the endpoints differ only in their JSON shapes).
     */
    HttpResponse<?> respond(CompletionCommand command, Boolean stream, ChatCompletionRequest.StreamOptions options,
                            ChunkFormat format, Function<CompletionResult, Object> whole) {
        if (Boolean.TRUE.equals(stream)) {
            return stream(command, format, options != null && Boolean.TRUE.equals(options.includeUsage()));
        }
        return HttpResponse.ok(whole.apply(serveCompletion.serve(command)));
    }

    HttpResponse<Flux<Event<String>>> stream(CompletionCommand command, ChunkFormat format, boolean includeUsage) {
        Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.Empty<Void> firstText = Sinks.empty();
        AtomicBoolean clientGone = new AtomicBoolean();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread.ofVirtual().name("completion-stream").start(() -> {
            StreamingObserver observer = new StreamingObserver(sink, format, clientGone, started, firstText);
            try {
                CompletionResult result = serveCompletion.serve(command, observer);
                emit(sink, format.finish(result.requestId(), observer.created, result.finishReason()));
                if (includeUsage) {
                    emit(sink, format.usage(result.requestId(), observer.created, result.usage()));
                }
            } catch (ApplicationException e) {
                if (!started.completeExceptionally(e)) {
                    emit(sink, OpenAiError.of(e.getMessage(), "invalid_request_error", e.code()));
                }
            } catch (RuntimeException e) {
                LOG.error("completion failed while streaming", e);
                if (!started.completeExceptionally(e)) {
                    emit(sink, OpenAiError.of("The server failed while generating: " + e.getMessage(), "server_error", "internal_error"));
                }
            } finally {
                firstText.tryEmitEmpty();
                sink.tryEmitNext(DONE);
                sink.tryEmitComplete();
            }
        });
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        // ": keep-alive" comments while the request waits for a batch place, as the DeepSeek API sends them;
        // an event with no data is not dispatched by SSE clients
        Flux<Event<String>> keepAlives = Flux.interval(keepAlive, keepAlive)
                .map(i -> Event.of("").comment("keep-alive"))
                .takeUntilOther(firstText.asMono());
        Flux<Event<String>> events = Flux.merge(sink.asFlux().map(Event::of), keepAlives)
                .doOnCancel(() -> clientGone.set(true));
        return HttpResponse.ok(events).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }

    private void emit(Sinks.Many<String> sink, Object chunk) {
        if (chunk == null) {
            return;
        }
        try {
            sink.tryEmitNext(json.writeValueAsString(chunk));
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize a stream chunk", e);
        }
    }

    private final class StreamingObserver implements CompletionObserver {
        private final Sinks.Many<String> sink;
        private final ChunkFormat format;
        private final AtomicBoolean clientGone;
        private final CompletableFuture<Void> started;
        private final Sinks.Empty<Void> firstText;
        private String id;
        private long created;

        StreamingObserver(Sinks.Many<String> sink, ChunkFormat format, AtomicBoolean clientGone, CompletableFuture<Void> started,
                          Sinks.Empty<Void> firstText) {
            this.firstText = firstText;
            this.sink = sink;
            this.format = format;
            this.clientGone = clientGone;
            this.started = started;
        }

        @Override
        public void started(String requestId, Instant createdAt) {
            id = requestId;
            created = createdAt.getEpochSecond();
            emit(sink, format.opening(id, created));
            started.complete(null);
        }

        @Override
        public void text(String delta) {
            firstText.tryEmitEmpty();
            emit(sink, format.text(id, created, delta));
        }

        @Override
        public boolean cancelled() {
            return clientGone.get();
        }
    }
}
