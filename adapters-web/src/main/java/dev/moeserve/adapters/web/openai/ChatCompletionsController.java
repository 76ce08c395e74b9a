package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.in.CompletionCommand;
import dev.moeserve.application.port.in.CompletionResult;
import dev.moeserve.application.port.in.ServeCompletion;
import dev.moeserve.domain.tenancy.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} (also without the {@code /v1} prefix, as the DeepSeek API allows).
 * The body is parsed here rather than bound by the framework so that authentication comes first
 * and every parse failure becomes a precise OpenAI-style 400.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ChatCompletionsController {
    private static final double DEFAULT_TEMPERATURE = 1.0;
    private static final double DEFAULT_TOP_P = 1.0;

    private final AuthenticateCaller authenticate;
    private final ServeCompletion serveCompletion;
    private final JsonMapper json;

    ChatCompletionsController(AuthenticateCaller authenticate, ServeCompletion serveCompletion, JsonMapper json) {
        this.authenticate = authenticate;
        this.serveCompletion = serveCompletion;
        this.json = json;
    }

    @Post(uris = {"/v1/chat/completions", "/chat/completions"}, produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
    ChatCompletionResponse complete(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                    @Nullable @Body String body) {
        Caller caller = authenticate.authenticate(BearerToken.from(authorization));
        ChatCompletionRequest request = parse(body);
        if (Boolean.TRUE.equals(request.stream())) {
            throw ApplicationException.invalidRequest("unsupported_parameter", "stream=true is not supported yet; send stream=false.");
        }
        Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        CompletionResult result = serveCompletion.serve(new CompletionCommand(
                caller,
                request.model(),
                messages(request),
                maxTokens,
                request.temperature() == null ? DEFAULT_TEMPERATURE : request.temperature(),
                request.topP() == null ? DEFAULT_TOP_P : request.topP(),
                request.seed()));
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

    private ChatCompletionRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApplicationException.invalidRequest("invalid_request", "The request body is empty; send a JSON object.");
        }
        try {
            ChatCompletionRequest request = json.readValue(body, Argument.of(ChatCompletionRequest.class));
            if (request == null) {
                throw ApplicationException.invalidRequest("invalid_request", "The request body must be a JSON object.");
            }
            return request;
        } catch (IOException e) {
            throw ApplicationException.invalidRequest("invalid_json",
                    "We could not parse the JSON body of your request: " + e.getMessage());
        }
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
