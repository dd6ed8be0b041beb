package dev.ficus.gateway.admin;

import org.springframework.http.HttpStatus;

import java.util.Map;

/**
 * An admin request that cannot be served, answered as {@code application/problem+json}. Thrown anywhere on the
 * admin path and turned into a response by {@link AdminRoutes}.
 *
 * @see dev.ficus.gateway.routing.ProblemWebExceptionHandler the proxy port's problem types
 */
final class AdminProblem extends RuntimeException {

    static final String TYPE_BAD_REQUEST = "urn:ficus:problem:bad-request";
    static final String TYPE_UNAUTHORIZED = "urn:ficus:problem:unauthorized";
    static final String TYPE_FORBIDDEN = "urn:ficus:problem:forbidden";
    static final String TYPE_UNKNOWN_ROUTE = "urn:ficus:problem:unknown-route";
    static final String TYPE_PRECONDITION_REQUIRED = "urn:ficus:problem:precondition-required";
    static final String TYPE_PRECONDITION_FAILED = "urn:ficus:problem:precondition-failed";
    static final String TYPE_STATE_NOT_SAVED = "urn:ficus:problem:state-not-saved";
    static final String TYPE_UNKNOWN_ROLLOUT = "urn:ficus:problem:unknown-rollout";
    static final String TYPE_ROLLOUT_CONFLICT = "urn:ficus:problem:rollout-conflict";

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> extensions;

    private AdminProblem(HttpStatus status, String type, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.extensions = Map.copyOf(extensions);
    }

    static AdminProblem badRequest(String field, String detail) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, TYPE_BAD_REQUEST, detail, Map.of("field", field));
    }

    static AdminProblem unauthorized(String detail) {
        return new AdminProblem(HttpStatus.UNAUTHORIZED, TYPE_UNAUTHORIZED, detail, Map.of());
    }

    static AdminProblem forbidden(String detail) {
        return new AdminProblem(HttpStatus.FORBIDDEN, TYPE_FORBIDDEN, detail, Map.of());
    }

    static AdminProblem unknownRoute(String route) {
        return new AdminProblem(HttpStatus.NOT_FOUND, TYPE_UNKNOWN_ROUTE,
                "route: " + route + " (expected: an id of GET /admin/routes)", Map.of("route", route));
    }

    static AdminProblem preconditionRequired(String route) {
        return new AdminProblem(HttpStatus.PRECONDITION_REQUIRED, TYPE_PRECONDITION_REQUIRED,
                "If-Match: missing (expected: the ETag of GET /admin/routes/" + route + ")", Map.of("route", route));
    }

    static AdminProblem preconditionFailed(String route, String ifMatch, String current) {
        return new AdminProblem(HttpStatus.PRECONDITION_FAILED, TYPE_PRECONDITION_FAILED,
                "If-Match: " + ifMatch + " (expected: " + current + "; the route changed since you read it)",
                Map.of("route", route, "etag", current));
    }

    static AdminProblem unknownRollout(String route, String detail) {
        return new AdminProblem(HttpStatus.NOT_FOUND, TYPE_UNKNOWN_ROLLOUT, detail, Map.of("route", route));
    }

    /** A move the rollout's state does not allow; {@code detail} is the state machine's message. */
    static AdminProblem rolloutConflict(String route, String detail) {
        return new AdminProblem(HttpStatus.CONFLICT, TYPE_ROLLOUT_CONFLICT, detail, Map.of("route", route));
    }

    static AdminProblem stateNotSaved(String detail) {
        return new AdminProblem(HttpStatus.INTERNAL_SERVER_ERROR, TYPE_STATE_NOT_SAVED, detail, Map.of());
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    Map<String, Object> extensions() {
        return extensions;
    }
}
