package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.ChatMessage;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} (also without the {@code /v1} prefix, as the DeepSeek API allows),
 * whole or streamed as Server-Sent Events. The body is parsed here rather than bound by the framework
 * so that authentication comes first and every parse failure becomes a precise OpenAI-style 400.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ChatCompletionsController {
    private final AuthenticateCaller authenticate;
    private final JsonMapper json;
    private final CompletionStreamer responder;

    ChatCompletionsController(AuthenticateCaller authenticate, JsonMapper json, CompletionStreamer responder) {
        this.authenticate = authenticate;
        this.json = json;
        this.responder = responder;
    }

    @Post(uris = {"/v1/chat/completions", "/chat/completions"}, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
    HttpResponse<?> complete(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body String body) {
        Caller caller = authenticate.authenticate(BearerToken.from(authorization));
        ChatCompletionRequest request = RequestReading.parse(json, body, ChatCompletionRequest.class);
        RequestReading.requireSingleChoice(request.n());
        Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        CompletionCommand command = new CompletionCommand(
                caller,
                request.model(),
                new Prompt.Chat(messages(request)),
                maxTokens,
                request.temperature() == null ? RequestReading.DEFAULT_TEMPERATURE : request.temperature(),
                request.topP() == null ? RequestReading.DEFAULT_TOP_P : request.topP(),
                request.seed(),
                RequestReading.stop(request.stop()),
                Boolean.TRUE.equals(request.ignoreEos()));
        return responder.respond(command, request.stream(), request.streamOptions(),
                ChatCompletionChunk.format(command.model()), ChatCompletionsController::whole);
    }

    private static ChatCompletionResponse whole(CompletionResult result) {
        return new ChatCompletionResponse(
                result.requestId(),
                "chat.completion",
                result.created().getEpochSecond(),
                result.model(),
                "moeserve",
                List.of(new ChatCompletionResponse.Choice(0,
                        new ChatCompletionResponse.AssistantMessage("assistant", result.text()),
                        result.finishReason().wireName())),
                WireUsage.of(result.usage()));
    }

    private static List<ChatMessage> messages(ChatCompletionRequest request) {
        if (request.messages() == null) {
            return List.of();
        }
        List<ChatMessage> out = new ArrayList<>(request.messages().size());
        for (ChatCompletionRequest.WireMessage m : request.messages()) {
            if (m == null) {
                throw ApplicationException.invalidRequest("invalid_value", "messages must not contain null.");
            }
            out.add(new ChatMessage(m.role(), text(m.content())));
        }
        return out;
    }

    /** A string, or the text parts of an OpenAI content-part array joined in order. */
    private static String text(Object content) {
        if (content == null || content instanceof String) {
            return (String) content;
        }
        if (content instanceof List<?> parts) {
            StringBuilder sb = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Map<?, ?> map && "text".equals(map.get("type")) && map.get("text") instanceof String s) {
                    sb.append(s);
                } else {
                    throw ApplicationException.invalidRequest("invalid_value", "Only text content parts are supported.");
                }
            }
            return sb.toString();
        }
        throw ApplicationException.invalidRequest("invalid_value", "Message content must be a string or an array of text parts.");
    }
}
