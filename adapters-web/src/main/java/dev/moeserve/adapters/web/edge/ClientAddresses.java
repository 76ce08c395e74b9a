package dev.moeserve.adapters.web.edge;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The address a request came from, as the audit log records it. {@code X-Forwarded-For} is read only
 * when the direct peer is one of {@code moeserve.trusted-proxies}: anyone can send the header, so
 * trusting it from everyone would let a caller write any address into the audit log. Behind trusted
 * proxies the client is the right-most address in the header that is not itself a trusted proxy.
 */
@Singleton
public final class ClientAddresses {
    private final Set<String> trustedProxies;

    ClientAddresses(@Value("${moeserve.trusted-proxies:}") List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(ClientAddresses::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /** The address of the request being served, or null outside a request. */
    public String current() {
        return ServerRequestContext.currentRequest().map(this::of).orElse(null);
    }

    public String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(canonical(peer))) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getAll("X-Forwarded-For").stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i);
            if (!trustedProxies.contains(canonical(hop))) {
                return hop;
            }
        }
        return forwarded.isEmpty() ? peer : forwarded.get(0);
    }

    /** Literal addresses compare in one spelling (::1 and 0:0:0:0:0:0:0:1 are the same proxy); names stay as given. */
    private static String canonical(String address) {
        // only literals: InetAddress would resolve a host name through DNS
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return address;
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            return address;
        }
    }
}
