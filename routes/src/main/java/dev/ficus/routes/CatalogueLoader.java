package dev.ficus.routes;

import dev.ficus.routes.CatalogueException.Problem;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a routes file into a validated {@link RouteCatalogue}, or rejects it with every problem found.
 *
 * <pre>{@code
 * RouteCatalogue catalogue = CatalogueLoader.load(Path.of("/etc/ficus/routes.yaml"));
 * }</pre>
 *
 * <p>The file is YAML with kebab-case keys:
 *
 * <pre>{@code
 * defaults:                              # optional; each route may override each of these
 *   stickiness: header:X-User-Id         # header:<name> | cookie:<name> | jwt-claim:<claim> | client-ip | none
 *   timeouts: {connect: 2s, response: 15s}
 *   overrides: false
 * routes:                                # required, non-empty; earlier routes match first
 *   - id: survey                         # required, unique
 *     paths: [/survey/**, /api/safework/**]   # required, Spring PathPattern syntax
 *     methods: [GET, POST]               # optional; any when absent
 *     hosts: [safework.example.com]      # optional
 *     headers: {X-Tenant: "acme|globex"} # optional, header name to value regex
 *     legacy: http://flask-monolith:5000 # required: a URI, or {uri: ..., timeouts: {...}}
 *     modern:
 *       uri: https://abc.lambda-url.ap-northeast-2.on.aws/prod
 *       timeouts: {response: 30s}        # per side; unset fields from the route, then the defaults
 *     weight: 25                         # 0..100, default 0
 *     stickiness: cookie:session
 *     timeouts: {connect: 1s}
 *     overrides: true
 *     strip-prefix: 1                    # leading segments dropped before forwarding, default 0
 *     rewrite: {regex: "^/api/(?<rest>.*)$", replacement: "/${rest}"}
 * }</pre>
 *
 * <p>Durations are written {@code 250ms}, {@code 2s}, {@code 1m}, {@code PT2S} or as an integer of milliseconds,
 * from 1 ms to 10 minutes. Unknown keys are errors (with a suggestion when a known key is close), so a typo
 * cannot silently drop a constraint. Locations in messages read like {@code routes[2] (survey).weight}.
 */
public final class CatalogueLoader {

    static final List<String> TOP_KEYS = List.of("defaults", "routes");

    /** Routes files are small; these bound what a malicious or broken file can make the parser do. */
    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
    private static final int MAX_NESTING = 32;
    private static final int MAX_ALIASES = 32;

    private static final String DOCUMENT = "document";
    private static final String TOP_EXPECTED = "a map with routes and optional defaults";
    private static final String ROUTES_EXPECTED =
            "a non-empty list of routes; an empty catalogue would answer 404 to every request";

    private CatalogueLoader() {
    }

    /**
     * Reads and validates the UTF-8 routes file at {@code file}.
     *
     * @throws CatalogueException when the file cannot be read, or with every problem found in it
     */
    public static RouteCatalogue load(Path file) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new CatalogueException(source, List.of(new Problem(source, "cannot read (" + reason(e) + ")")));
        }
        return parse(yaml, source);
    }

    /**
     * Validates the routes file content {@code yaml}.
     *
     * @param source where the content comes from, for messages ({@code classpath:ficus/demo-routes.yaml})
     * @throws CatalogueException with every problem found
     */
    public static RouteCatalogue parse(String yaml, String source) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(source, "source");
        Problems problems = new Problems();
        List<RouteDefinition> routes = readYaml(yaml, problems)
                .map(root -> readCatalogue(root, problems))
                .orElse(List.of());
        if (!problems.isEmpty()) {
            throw new CatalogueException(source, problems.list());
        }
        return new RouteCatalogue(routes, source);
    }

    /** The YAML tree as plain maps, lists and scalars, or empty after reporting a syntax error. */
    private static Optional<YamlNode> readYaml(String yaml, Problems problems) {
        try {
            return Optional.of(YamlNode.root(newYaml().load(yaml)));
        }
        catch (MarkedYAMLException e) {
            problems.add(at(e.getProblemMark()), syntaxMessage(e));
        }
        catch (YAMLException e) {
            problems.add(DOCUMENT, "invalid YAML (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** A new parser per load: SnakeYAML instances are not thread-safe. */
    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
    }

    private static String at(Mark mark) {
        return mark == null ? DOCUMENT : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** {@code found duplicate key weight (while constructing a mapping at line 3, column 5)}. */
    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
        if (e.getContext() == null) {
            return problem;
        }
        Mark contextMark = e.getContextMark();
        return problem + " (" + e.getContext() + (contextMark == null ? "" : " at " + at(contextMark)) + ")";
    }

    private static List<RouteDefinition> readCatalogue(YamlNode root, Problems problems) {
        if (!(root.value() instanceof Map)) {
            String found = root.value() == null ? "empty file" : YamlNode.show(root.value());
            problems.add(DOCUMENT, found + " (expected: " + TOP_EXPECTED + ")");
            return List.of();
        }
        return root.fields(problems, TOP_EXPECTED, TOP_KEYS)
                .map(top -> readRoutes(top.get("routes"), readDefaults(top.get("defaults"), problems), problems))
                .orElse(List.of());
    }

    private static RouteDefaults readDefaults(YamlNode node, Problems problems) {
        return node.present() ? RouteDefaults.read(node, problems) : RouteDefaults.NONE;
    }

    private static List<RouteDefinition> readRoutes(YamlNode node, RouteDefaults defaults, Problems problems) {
        Optional<List<YamlNode>> items = node.items(problems, ROUTES_EXPECTED);
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.get().isEmpty()) {
            problems.add(node.location(), "empty list (expected: " + ROUTES_EXPECTED + ")");
            return List.of();
        }
        List<RouteDefinition> routes = new ArrayList<>();
        List<RouteMatch> matches = new ArrayList<>();
        Map<String, String> labelsById = new HashMap<>();
        for (int index = 0; index < items.get().size(); index++) {
            RouteReader.Result route = RouteReader.read(items.get().get(index), index, defaults, problems);
            route.id().ifPresent(id -> checkUnique(id, route.label(), labelsById, problems));
            route.match().ifPresent(matches::add);
            route.definition().ifPresent(routes::add);
        }
        RouteMatch.reportOverlaps(matches, problems);
        return routes;
    }

    private static void checkUnique(String id, String label, Map<String, String> labelsById, Problems problems) {
        String earlier = labelsById.putIfAbsent(id, label);
        if (earlier != null) {
            problems.add(label + ".id", YamlNode.show(id) + " (expected: a unique id; " + earlier + " has it)");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
