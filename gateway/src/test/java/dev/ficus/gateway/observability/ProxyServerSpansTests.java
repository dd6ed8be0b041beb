package dev.ficus.gateway.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyServerSpansTests {

    @Test
    void namesTheSpanAfterTheMethodAsSpringsObservationDoes() {
        assertThat(ProxyServerSpans.spanName("GET")).isEqualTo("http get");
        assertThat(ProxyServerSpans.spanName("DELETE")).isEqualTo("http delete");
        assertThat(ProxyServerSpans.spanName("PURGE")).isEqualTo("http purge");
    }
}
