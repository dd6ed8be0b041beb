package dev.ficus.gateway.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads admin request bodies strictly: JSON objects with known fields only, each of the exact JSON type expected.
 * Every rejection names the field ({@code "field": "weight"}) and says what was expected.
 */
final class AdminRequests {

    static final int MAX_REASON_LENGTH = 500;

    private final ObjectMapper json;

    AdminRequests(ObjectMapper json) {
        this.json = json.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** {@code {"weight": 0..100, "reason": "…"}}; {@code reason} is optional. */
    WeightChange weightChange(String body) {
        JsonNode root = object(body, true);
        onlyFields(root, Set.of("weight", "reason"));
        JsonNode weight = root.get("weight");
        if (weight == null || weight.isNull()) {
            throw AdminProblem.badRequest("weight", "weight: " + weight + " (expected: an integer 0..100)");
        }
        if (!weight.isIntegralNumber() || !weight.canConvertToInt() || weight.intValue() < 0
                || weight.intValue() > 100) {
            throw AdminProblem.badRequest("weight", "weight: " + weight + " (expected: an integer 0..100)");
        }
        return new WeightChange(weight.intValue(), reason(root));
    }

    /** {@code {"routes": ["a", "b"], "reason": "…"}}, both optional; no body means every route. */
    Rollback rollback(String body) {
        if (body == null || body.isBlank()) {
            return new Rollback(null, null);
        }
        JsonNode root = object(body, false);
        onlyFields(root, Set.of("routes", "reason"));
        JsonNode routes = root.get("routes");
        List<String> ids = null;
        if (routes != null && !routes.isNull()) {
            if (!routes.isArray() || routes.isEmpty()) {
                throw AdminProblem.badRequest("routes", "routes: " + routes
                        + " (expected: a non-empty array of route ids; omit it for every route)");
            }
            ids = new ArrayList<>();
            for (JsonNode id : routes) {
                if (!id.isTextual()) {
                    throw AdminProblem.badRequest("routes", "routes: " + id + " (expected: a route id string)");
                }
                ids.add(id.textValue());
            }
        }
        return new Rollback(ids == null ? null : List.copyOf(ids), reason(root));
    }

    /**
     * The plan for {@code POST /admin/routes/{id}/rollout}: the plan defaults. Overrides in the body are refused
     * until the routes module's plan reader is wired in (issue 5, branch rollout-data).
     */
    /**
     * The plan to start: the route's {@code rollout:} plan from the routes file (else the built-in defaults), with
     * the fields of an optional JSON body over it ({@code {"hold": "5m", "maxP99": "200ms"}}).
     */
    dev.ficus.rules.rollout.RolloutPlan rolloutPlan(dev.ficus.gateway.routing.CompiledRoute route, String body) {
        dev.ficus.rules.rollout.RolloutPlan base = route.definition().rolloutPlan()
                .orElseGet(() -> dev.ficus.rules.rollout.RolloutPlan.builder().build());
        if (body == null || body.isBlank()) {
            return base;
        }
        JsonNode root = object(body, false);
        java.util.Map<String, Object> fields = json.convertValue(root,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { });
        try {
            return dev.ficus.routes.RolloutPlans.fromRequest(fields, base);
        }
        catch (IllegalArgumentException e) {
            throw AdminProblem.badRequest("body", e.getMessage());
        }
    }

    private JsonNode object(String body, boolean required) {
        if (body == null || body.isBlank()) {
            throw AdminProblem.badRequest(required ? "weight" : "body",
                    "body: empty (expected: a JSON object such as {\"weight\": 25, \"reason\": \"…\"})");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        }
        catch (JsonProcessingException e) {
            throw AdminProblem.badRequest("body", "body: not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + " (expected: a JSON object; "
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw AdminProblem.badRequest("body", "body: " + root + " (expected: a JSON object)");
        }
        return root;
    }

    private static void onlyFields(JsonNode root, Set<String> allowed) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw AdminProblem.badRequest(name, name + ": unknown field (expected: only " + allowed.stream()
                        .sorted().toList() + ")");
            }
        }
    }

    private static String reason(JsonNode root) {
        JsonNode reason = root.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual() || reason.textValue().length() > MAX_REASON_LENGTH) {
            throw AdminProblem.badRequest("reason", "reason: " + abbreviate(reason.toString())
                    + " (expected: a string of at most " + MAX_REASON_LENGTH + " characters)");
        }
        return reason.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A validated {@code PUT /admin/routes/{id}/weight} body. */
    record WeightChange(int weight, String reason) {
    }

    /** A validated {@code POST /admin/rollback} body; {@code routes} is {@code null} for every route. */
    record Rollback(List<String> routes, String reason) {
    }
}
