package dev.ficus.gateway.admin;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.net.URI;

/**
 * The operator page: static HTML, JavaScript and CSS from {@code classpath:/ficus-ui/}, served on the management
 * port at {@code /admin/ui/}. Loading it needs no token (it holds no data); the page itself calls the admin API
 * with the bearer token the operator pastes into it.
 *
 * <p>The Content-Security-Policy allows only this origin: no inline script, no CDN, which also keeps a route id
 * from ever running as script.
 */
final class OperatorPage {

    static final String PATH = "/admin/ui/";

    private static final String LOCATION = "ficus-ui/";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'";

    private OperatorPage() {
    }

    static RouterFunction<ServerResponse> router() {
        Resource index = new ClassPathResource(LOCATION + "index.html");
        return RouterFunctions.route()
                .GET("/admin/ui", request -> ServerResponse.permanentRedirect(URI.create(PATH)).build())
                .GET(PATH, request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(index))
                .add(RouterFunctions.resources(PATH + "**", new ClassPathResource(LOCATION)))
                .filter((request, next) -> {
                    withHeaders(request.exchange().getResponse().getHeaders());
                    return next.handle(request);
                })
                .build();
    }

    /** Set on the exchange first: a response's own headers are only added where these are absent. */
    private static void withHeaders(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.setCacheControl(CacheControl.noCache());
    }
}
