package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.CompletionCommand;
import dev.moeserve.application.port.in.CompletionResult;
import dev.moeserve.application.port.in.Prompt;
import dev.moeserve.domain.tenancy.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/completions}: raw-text completion, with {@code suffix} for fill-in-the-middle on
 * models whose tokenizer has FIM tokens (DeepSeek's beta FIM endpoint works the same way).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class CompletionsController {
    private final AuthenticateCaller authenticate;
    private final JsonMapper json;
    private final CompletionStreamer responder;

    CompletionsController(AuthenticateCaller authenticate, JsonMapper json, CompletionStreamer responder) {
        this.authenticate = authenticate;
        this.json = json;
        this.responder = responder;
    }

    @Post(uris = {"/v1/completions", "/completions", "/beta/completions"}, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
    HttpResponse<?> complete(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body String body) {
        Caller caller = authenticate.authenticate(BearerToken.from(authorization));
        TextCompletionRequest request = RequestReading.parse(json, body, TextCompletionRequest.class);
        RequestReading.requireSingleChoice(request.n());
        CompletionCommand command = new CompletionCommand(
                caller,
                request.model(),
                new Prompt.Text(promptText(request.prompt()), Optional.ofNullable(request.suffix())),
                request.maxTokens(),
                request.temperature() == null ? RequestReading.DEFAULT_TEMPERATURE : request.temperature(),
                request.topP() == null ? RequestReading.DEFAULT_TOP_P : request.topP(),
                request.seed(),
                RequestReading.stop(request.stop()),
                Boolean.TRUE.equals(request.ignoreEos()));
        return responder.respond(command, request.stream(), request.streamOptions(),
                TextCompletionResponse.format(command.model()), CompletionsController::whole);
    }

    private static TextCompletionResponse whole(CompletionResult result) {
        return new TextCompletionResponse(result.requestId(), "text_completion",
                result.created().getEpochSecond(), result.model(), "moeserve",
                List.of(new TextCompletionResponse.Choice(result.text(), 0, result.finishReason().wireName())),
                WireUsage.of(result.usage()));
    }

    /** A string, or an array holding exactly one string (one choice per request). */
    private static String promptText(Object prompt) {
        if (prompt == null || prompt instanceof String) {
            return (String) prompt;
        }
        if (prompt instanceof List<?> list && list.size() == 1 && list.getFirst() instanceof String s) {
            return s;
        }
        throw ApplicationException.invalidRequest("invalid_type", "'prompt' must be a string (or an array of one string).");
    }
}
