package dev.moeserve.adapters.web.edge;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpRequestWrapper;
import io.micronaut.http.MutableHttpRequest;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Forwarded-For is believed only from a configured proxy: anyone else's header is ignored, and behind
 * trusted proxies the client is the right-most hop that is not itself a trusted proxy.
 */
class ClientAddressesTest {
    private static final String PEER = "203.0.113.7";
    private static final String PROXY = "10.0.0.1";

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnoredAndThePeerIsTheAddress() {
        ClientAddresses addresses = new ClientAddresses(List.of());

        assertThat(addresses.of(from(PEER, "198.51.100.1"))).isEqualTo(PEER);
        assertThat(addresses.of(from(PEER))).isEqualTo(PEER);
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsIgnoredEvenWhenProxiesAreConfigured() {
        ClientAddresses addresses = new ClientAddresses(List.of(PROXY));

        assertThat(addresses.of(from(PEER, "198.51.100.1"))).isEqualTo(PEER);
    }

    @Test
    void fromATrustedPeerTheClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        ClientAddresses addresses = new ClientAddresses(List.of(PROXY, " 10.0.0.2 "));

        // the left-most hop is whatever the client claimed; the proxies appended the real one
        assertThat(addresses.of(from(PROXY, "1.2.3.4, 198.51.100.9, 10.0.0.2"))).isEqualTo("198.51.100.9");
        // several header lines count as one list, in order
        assertThat(addresses.of(from(PROXY, "1.2.3.4", "198.51.100.9,10.0.0.2"))).isEqualTo("198.51.100.9");
        assertThat(addresses.of(from(PROXY, "198.51.100.9"))).isEqualTo("198.51.100.9");
    }

    @Test
    void whenEveryHopIsATrustedProxyTheLeftMostIsTheClient() {
        ClientAddresses addresses = new ClientAddresses(List.of(PROXY, "10.0.0.2", "10.0.0.3"));

        assertThat(addresses.of(from(PROXY, "10.0.0.3, 10.0.0.2"))).isEqualTo("10.0.0.3");
    }

    @Test
    void aTrustedPeerWithoutTheHeaderIsItselfTheAddress() {
        ClientAddresses addresses = new ClientAddresses(List.of(PROXY));

        assertThat(addresses.of(from(PROXY))).isEqualTo(PROXY);
        assertThat(addresses.of(from(PROXY, ",,"))).isEqualTo(PROXY);
    }

    @Test
    void ipv6ProxiesMatchInAnySpelling() {
        ClientAddresses addresses = new ClientAddresses(List.of("::1"));

        assertThat(addresses.of(from("0:0:0:0:0:0:0:1", "198.51.100.9"))).isEqualTo("198.51.100.9");
        assertThat(addresses.of(from("0:0:0:0:0:0:0:1", "198.51.100.9, 0:0:0:0:0:0:0:1"))).isEqualTo("198.51.100.9");
    }

    /** A request whose direct peer is {@code peer}, with one X-Forwarded-For header line per value. */
    private static HttpRequest<?> from(String peer, String... forwardedFor) {
        MutableHttpRequest<Object> request = HttpRequest.GET("/x");
        for (String value : forwardedFor) {
            request.getHeaders().add("X-Forwarded-For", value);
        }
        InetSocketAddress remote = new InetSocketAddress(peer, 40_000);
        assertThat(remote.isUnresolved()).as("a literal address").isFalse();
        return new HttpRequestWrapper<>(request) {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return remote;
            }
        };
    }
}
