package dev.ficus.routes;

import dev.ficus.rules.Stickiness;
import dev.ficus.rules.TrafficRule;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks one entry of {@code routes}. Every field is checked even after an earlier one failed, so a
 * single pass reports all of a route's problems; the route is built only when it has none.
 */
final class RouteReader {

    static final List<String> KEYS = List.of("id", "paths", "methods", "hosts", "headers", "legacy", "modern",
            "weight", "stickiness", "timeouts", "overrides", "strip-prefix", "rewrite", "resilience", "rollout");

    static final List<String> UPSTREAM_KEYS = List.of("uri", "timeouts");

    static final List<String> REWRITE_KEYS = List.of("regex", "replacement");

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");

    private static final String ROUTE_EXPECTED = "a map with id, paths, legacy, modern and optional settings";
    private static final String ID_EXPECTED = "1-64 characters of letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit";
    private static final String PATHS_EXPECTED = "a non-empty list of path patterns such as [/survey/**]";
    private static final String PATH_EXPECTED = "a path pattern starting with '/'";
    private static final String METHODS_EXPECTED = "a list of HTTP methods such as [GET, POST]";
    private static final String HOSTS_EXPECTED = "a list of host patterns such as [api.example.com]";
    private static final String HOST_EXPECTED = "a host pattern such as api.example.com or **.example.org, "
            + "without scheme, port or path";
    private static final String HEADERS_EXPECTED = "a map of header name to value regex, e.g. {X-Tenant: acme}";
    private static final String UPSTREAM_EXPECTED = "a URI such as http://legacy:8080, "
            + "or a map with uri and optional timeouts";
    private static final String URI_EXPECTED = "an absolute http:// or https:// URI";
    private static final String STICKINESS_EXPECTED = "header:<name>, cookie:<name>, jwt-claim:<claim>, "
            + "client-ip or none";
    private static final String REWRITE_EXPECTED = "a map with regex and replacement";

    /** RFC 9110 token characters: what a header name may be made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Host patterns are matched against the Host header without its port; a scheme or path is a mistake. */
    private static final Pattern HOST = Pattern.compile("[^/:?#@\\s]+");

    private final YamlNode.Fields fields;
    private final String label;
    private final RouteDefaults defaults;
    private final Problems problems;
    private final PathPatternParser patternParser = new PathPatternParser();

    private RouteReader(YamlNode.Fields fields, String label, RouteDefaults defaults, Problems problems) {
        this.fields = fields;
        this.label = label;
        this.defaults = defaults;
        this.problems = problems;
    }

    /**
     * What was read of one route.
     *
     * @param label the route's location, {@code routes[1] (survey)}
     * @param id the route id when it is valid
     * @param match the matching part when all of it is valid, to check for overlaps with other routes
     * @param definition the route when it has no problems at all
     */
    record Result(String label, Optional<String> id, Optional<RouteMatch> match,
            Optional<RouteDefinition> definition) {
    }

    /** Reads the route at {@code routes[index]}, reporting its problems. */
    static Result read(YamlNode item, int index, RouteDefaults defaults, Problems problems) {
        String label = label(item.value(), index);
        int before = problems.count();
        Optional<YamlNode.Fields> fields = new YamlNode(label, item.value(), true)
                .fields(problems, ROUTE_EXPECTED, KEYS);
        if (fields.isEmpty()) {
            return new Result(label, Optional.empty(), Optional.empty(), Optional.empty());
        }
        return new RouteReader(fields.get(), label, defaults, problems).read(before);
    }

    /** {@code routes[2] (survey)}, or {@code routes[2]} when the id is missing or invalid. */
    private static String label(Object route, int index) {
        String label = "routes[" + index + "]";
        if (route instanceof Map<?, ?> map && map.get("id") instanceof String id
                && TrafficRule.ROUTE_ID.matcher(id).matches()) {
            return label + " (" + id + ")";
        }
        return label;
    }

    private Result read(int problemsBefore) {
        Optional<String> id = id();
        Optional<List<String>> paths = paths();
        Optional<Set<String>> methods = optional("methods", this::methods, Set.of());
        Optional<List<String>> hosts = optional("hosts", this::hosts, List.of());
        Optional<Map<String, String>> headers = optional("headers", this::headers, Map.of());
        TimeoutFields timeouts = TimeoutFields.readOptional(fields.get("timeouts"), problems)
                .orElse(defaults.timeouts());
        Optional<Upstream> legacy = upstream(fields.get("legacy"), timeouts);
        Optional<Upstream> modern = upstream(fields.get("modern"), timeouts);
        Optional<Integer> weight = optional("weight", node -> node.integer(problems, 0, 100, "0..100"), 0);
        Optional<Stickiness> stickiness = optional("stickiness", node -> stickiness(node, problems),
                defaults.stickiness());
        Optional<Boolean> overrides = optional("overrides", node -> node.bool(problems), defaults.overrides());
        Optional<PathRewrite> rewrite = rewrite();
        Optional<ResiliencePolicy> resilience = ResilienceReader.read(fields.get("resilience"),
                defaults.resilience(), problems);
        YamlNode rolloutNode = fields.get("rollout");
        Optional<dev.ficus.rules.rollout.RolloutPlan> rollout = rolloutNode.present()
                ? RolloutPlans.read(rolloutNode, dev.ficus.rules.rollout.RolloutPlan.builder().build(), problems)
                : Optional.empty();

        Optional<RouteMatch> match = Optional.empty();
        if (paths.isPresent() && methods.isPresent() && hosts.isPresent() && headers.isPresent()) {
            match = Optional.of(new RouteMatch(label, paths.get(), methods.get(), Set.copyOf(hosts.get()),
                    headers.get()));
        }
        Optional<RouteDefinition> definition = Optional.empty();
        if (problems.count() == problemsBefore) {
            definition = build(() -> new RouteDefinition(id.get(), paths.get(), methods.get(), hosts.get(),
                    headers.get(), legacy.get(), modern.get(), weight.get(), stickiness.get(), overrides.get(),
                    rewrite.get(), resilience.get(), rollout.orElse(null)));
        }
        return new Result(label, id, match, definition);
    }

    /** The value of an optional key: {@code fallback} when not written, else what {@code reader} makes of it. */
    private <T> Optional<T> optional(String key, Function<YamlNode, Optional<T>> reader, T fallback) {
        YamlNode node = fields.get(key);
        return node.present() ? reader.apply(node) : Optional.of(fallback);
    }

    /** Builds the route; the readers have checked everything, so a failure here is reported, not thrown. */
    private Optional<RouteDefinition> build(Supplier<RouteDefinition> route) {
        try {
            return Optional.of(route.get());
        }
        catch (IllegalArgumentException e) {
            problems.add(label, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<String> id() {
        YamlNode node = fields.get("id");
        return node.string(problems, ID_EXPECTED).flatMap(id -> {
            try {
                return Optional.of(TrafficRule.checkRouteId(id));
            }
            catch (IllegalArgumentException e) {
                problems.add(node.location(), withoutName(e.getMessage(), "id"));
                return Optional.empty();
            }
        });
    }

    private Optional<List<String>> paths() {
        YamlNode node = fields.get("paths");
        return node.items(problems, PATHS_EXPECTED).flatMap(items -> {
            if (items.isEmpty()) {
                problems.add(node.location(), "empty list (expected: " + PATHS_EXPECTED + ")");
                return Optional.empty();
            }
            int before = problems.count();
            Map<String, String> seen = new LinkedHashMap<>();
            for (YamlNode item : items) {
                item.string(problems, PATH_EXPECTED).ifPresent(path -> {
                    String earlier = seen.putIfAbsent(path, item.location());
                    if (earlier != null) {
                        problems.add(item.location(), item.describe() + " (expected: each pattern once; "
                                + "already at " + earlier.substring(label.length() + 1) + ")");
                    }
                    else {
                        checkPathPattern(item);
                    }
                });
            }
            return problems.count() == before ? Optional.of(List.copyOf(seen.keySet())) : Optional.empty();
        });
    }

    private void checkPathPattern(YamlNode item) {
        String path = (String) item.value();
        if (!path.startsWith("/")) {
            problems.add(item.location(), item.describe() + " (expected: " + PATH_EXPECTED + ")");
            return;
        }
        try {
            patternParser.parse(path);
        }
        catch (PatternParseException e) {
            problems.add(item.location(), item.describe() + " (expected: a Spring PathPattern; " + e.getMessage()
                    + " at position " + e.getPosition() + ")");
        }
    }

    private Optional<Set<String>> methods(YamlNode node) {
        return node.items(problems, METHODS_EXPECTED).flatMap(items -> {
            int before = problems.count();
            Set<String> methods = new LinkedHashSet<>();
            for (YamlNode item : items) {
                String method = item.value() instanceof String text ? text.strip().toUpperCase(Locale.ROOT) : null;
                if (METHODS.contains(method)) {
                    methods.add(method);
                }
                else {
                    problems.add(item.location(),
                            item.describe() + " (expected: one of " + String.join(", ", METHODS) + ")");
                }
            }
            return problems.count() == before ? Optional.of(methods) : Optional.empty();
        });
    }

    private Optional<List<String>> hosts(YamlNode node) {
        return node.items(problems, HOSTS_EXPECTED).flatMap(items -> {
            int before = problems.count();
            List<String> hosts = new ArrayList<>();
            for (YamlNode item : items) {
                item.string(problems, HOST_EXPECTED).ifPresent(host -> {
                    if (HOST.matcher(host).matches()) {
                        hosts.add(host);
                    }
                    else {
                        problems.add(item.location(), item.describe() + " (expected: " + HOST_EXPECTED + ")");
                    }
                });
            }
            return problems.count() == before ? Optional.of(hosts) : Optional.empty();
        });
    }

    private Optional<Map<String, String>> headers(YamlNode node) {
        return node.entries(problems, HEADERS_EXPECTED).flatMap(entries -> {
            int before = problems.count();
            Map<String, String> headers = new LinkedHashMap<>();
            Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            entries.forEach((name, entry) -> {
                if (!HEADER_NAME.matcher(name).matches()) {
                    problems.add(entry.location(), "header name " + YamlNode.show(name)
                            + " (expected: letters, digits and !#$%&'*+-.^_`|~)");
                }
                else if (seen.putIfAbsent(name, name) != null) {
                    problems.add(entry.location(), "header name " + YamlNode.show(name)
                            + " (expected: each header once, ignoring case; already as " + seen.get(name) + ")");
                }
                regex(entry).ifPresent(regex -> headers.put(name, regex.pattern()));
            });
            return problems.count() == before ? Optional.of(headers) : Optional.empty();
        });
    }

    private Optional<Upstream> upstream(YamlNode node, TimeoutFields routeTimeouts) {
        if (node.value() instanceof String) {
            return uri(node).map(uri -> new Upstream(uri, routeTimeouts.resolve(Timeouts.DEFAULT)));
        }
        return node.fields(problems, UPSTREAM_EXPECTED, UPSTREAM_KEYS).flatMap(upstream -> {
            TimeoutFields side = TimeoutFields.readOptional(upstream.get("timeouts"), problems);
            return uri(upstream.get("uri"))
                    .map(uri -> new Upstream(uri, side.orElse(routeTimeouts).resolve(Timeouts.DEFAULT)));
        });
    }

    private Optional<URI> uri(YamlNode node) {
        return node.string(problems, URI_EXPECTED).flatMap(text -> {
            URI uri;
            try {
                uri = new URI(text.strip());
            }
            catch (URISyntaxException e) {
                problems.add(node.location(), node.describe() + " (expected: " + URI_EXPECTED + "; "
                        + e.getReason() + " at index " + e.getIndex() + ")");
                return Optional.empty();
            }
            String problem = Upstream.problemWith(uri);
            if (problem != null) {
                problems.add(node.location(), node.describe() + " (" + problem + ")");
                return Optional.empty();
            }
            return Optional.of(uri);
        });
    }

    /** Reads a stickiness such as {@code header:X-User-Id}; shared with the {@code defaults} section. */
    static Optional<Stickiness> stickiness(YamlNode node, Problems problems) {
        return node.string(problems, STICKINESS_EXPECTED).flatMap(text -> {
            try {
                return Optional.of(Stickiness.parse(text));
            }
            catch (IllegalArgumentException e) {
                problems.add(node.location(), withoutName(e.getMessage(), "stickiness"));
                return Optional.empty();
            }
        });
    }

    private Optional<PathRewrite> rewrite() {
        int before = problems.count();
        int stripPrefix = optional("strip-prefix", node -> node.integer(problems, 0, Integer.MAX_VALUE, ">= 0"), 0)
                .orElse(0);
        YamlNode node = fields.get("rewrite");
        Pattern regex = null;
        String replacement = "";
        if (node.present()) {
            Optional<YamlNode.Fields> rewrite = node.fields(problems, REWRITE_EXPECTED, REWRITE_KEYS);
            if (rewrite.isPresent()) {
                regex = regex(rewrite.get().get("regex")).orElse(null);
                replacement = replacement(rewrite.get().get("replacement"), regex).orElse("");
            }
        }
        return problems.count() == before ? Optional.of(new PathRewrite(stripPrefix, regex, replacement))
                : Optional.empty();
    }

    private Optional<Pattern> regex(YamlNode node) {
        return node.string(problems, "a Java regular expression").flatMap(text -> {
            try {
                return Optional.of(Pattern.compile(text));
            }
            catch (PatternSyntaxException e) {
                problems.add(node.location(), node.describe() + " (expected: a Java regular expression; "
                        + e.getDescription() + " near index " + e.getIndex() + ")");
                return Optional.empty();
            }
        });
    }

    /**
     * Reads a rewrite replacement (the empty string is allowed: it deletes the match) and checks its group
     * references against {@code regex}, which would otherwise fail on the request path.
     */
    private Optional<String> replacement(YamlNode node, Pattern regex) {
        if (!(node.value() instanceof String replacement)) {
            problems.add(node.location(), node.describe() + " (expected: a string such as /${rest})");
            return Optional.empty();
        }
        if (regex != null) {
            String problem = groupReferenceProblem(regex, replacement);
            if (problem != null) {
                problems.add(node.location(), node.describe() + " (expected: references to groups of the regex; "
                        + problem + ")");
                return Optional.empty();
            }
        }
        return Optional.of(replacement);
    }

    /**
     * Why {@code replacement} cannot be used with {@code regex}, or {@code null} when it can. The regex is
     * wrapped so that it matches the empty string with all its groups still defined (non-participating), then
     * the replacement is applied once: Java rejects unknown group names and numbers only at that point.
     */
    private static String groupReferenceProblem(Pattern regex, String replacement) {
        Pattern alwaysMatches;
        try {
            alwaysMatches = Pattern.compile("(?:" + regex.pattern() + "\n)|", regex.flags());
        }
        catch (PatternSyntaxException e) {
            return null; // cannot wrap this regex (unusual syntax); leave the check to the request path
        }
        try {
            alwaysMatches.matcher("").replaceFirst(replacement);
            return null;
        }
        catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return e.getMessage();
        }
    }

    /** {@code "weight: 150 (expected: 0..100)"} without the leading {@code "weight: "}: the location names it. */
    static String withoutName(String message, String name) {
        String prefix = name + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
