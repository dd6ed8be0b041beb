package dev.ficus.routes;

import dev.ficus.routes.CatalogueException.Problem;
import dev.ficus.rules.Stickiness;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogueLoaderTests {

    private static final Timeouts DEFAULTS_OF_FILE = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Nested
    class SafeWorkFile {

        private final RouteCatalogue catalogue = CatalogueLoader.load(resource("/safework-routes.yaml"));

        @Test
        void keepsRoutesInFileOrder() {
            assertThat(catalogue.routes()).extracting(RouteDefinition::id)
                    .containsExactly("auth", "survey", "admin", "static", "health");
            assertThat(catalogue.source()).endsWith("safework-routes.yaml");
        }

        @Test
        void readsEveryFieldOfARouteAsWritten() {
            RouteDefinition survey = catalogue.find("survey").orElseThrow();

            assertThat(survey.paths()).containsExactly("/survey/**", "/api/safework/**");
            assertThat(survey.methods()).containsExactlyInAnyOrder("GET", "POST");
            assertThat(survey.hosts()).containsExactly("safework.example.com", "**.safework.example.org");
            assertThat(survey.headers()).containsExactlyEntriesOf(Map.of("X-Tenant", "acme|globex"));
            assertThat(survey.legacy().uri()).isEqualTo(URI.create("http://flask-monolith:5000"));
            assertThat(survey.modern().uri())
                    .isEqualTo(URI.create("https://abc.lambda-url.ap-northeast-2.on.aws/prod"));
            assertThat(survey.weight()).isEqualTo(25);
            assertThat(survey.stickiness()).isEqualTo(Stickiness.cookie("session"));
            assertThat(survey.overridesAllowed()).isFalse();
            assertThat(survey.rewrite().stripPrefix()).isZero();
            assertThat(survey.rewrite().regex().pattern()).isEqualTo("^/api/safework/(?<rest>.*)$");
            assertThat(survey.rewrite().replacement()).isEqualTo("/survey/${rest}");
        }

        @Test
        void readsEachStickinessNotation() {
            assertThat(catalogue.routes()).extracting(RouteDefinition::stickiness).containsExactly(
                    Stickiness.header("X-User-Id"), Stickiness.cookie("session"), Stickiness.jwtClaim("sub"),
                    Stickiness.none(), Stickiness.clientIp());
        }

        @Test
        void appliesDefaultsToRoutesThatDoNotOverrideThem() {
            RouteDefinition auth = catalogue.find("auth").orElseThrow();

            assertThat(auth.stickiness()).isEqualTo(Stickiness.header("X-User-Id"));
            assertThat(auth.overridesAllowed()).isTrue();
            assertThat(auth.legacy().timeouts()).isEqualTo(DEFAULTS_OF_FILE);
            assertThat(auth.modern().timeouts()).isEqualTo(DEFAULTS_OF_FILE);
            assertThat(auth.methods()).isEmpty();
            assertThat(auth.hosts()).isEmpty();
            assertThat(auth.headers()).isEmpty();
            assertThat(auth.rewrite()).isEqualTo(PathRewrite.NONE);
        }

        @Test
        void takesEachTimeoutFromTheSideThenTheRouteThenTheDefaults() {
            RouteDefinition survey = catalogue.find("survey").orElseThrow();

            // connect from the route (500ms), response from each side; nothing left for the defaults
            assertThat(survey.legacy().timeouts())
                    .isEqualTo(new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(5)));
            assertThat(survey.modern().timeouts())
                    .isEqualTo(new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(30)));
        }

        @Test
        void readsIsoAndMillisecondDurations() {
            RouteDefinition files = catalogue.find("static").orElseThrow();

            Timeouts expected = new Timeouts(Duration.ofSeconds(3), Duration.ofMinutes(1));
            assertThat(files.legacy().timeouts()).isEqualTo(expected);
            assertThat(files.modern().timeouts()).isEqualTo(expected);
        }

        @Test
        void normalisesMethodsToUpperCase() {
            assertThat(catalogue.find("admin").orElseThrow().methods())
                    .containsExactlyInAnyOrder("GET", "POST", "PUT", "DELETE");
            assertThat(catalogue.find("health").orElseThrow().methods()).containsExactlyInAnyOrder("GET", "HEAD");
        }

        @Test
        void readsStripPrefixAndUpstreamBasePaths() {
            RouteDefinition admin = catalogue.find("admin").orElseThrow();

            assertThat(admin.rewrite()).isEqualTo(new PathRewrite(1, null, ""));
            assertThat(admin.modern().basePath()).isEqualTo("/prod");
            assertThat(admin.legacy().basePath()).isEmpty();
        }

        @Test
        void readsWeightsAndDefaultsAMissingWeightToZero() {
            assertThat(catalogue.routes()).extracting(RouteDefinition::weight).containsExactly(0, 25, 50, 100, 50);
            RouteCatalogue noWeight = CatalogueLoader.parse(survey(), "test.yaml");
            assertThat(noWeight.routes().get(0).weight()).isZero();
        }
    }

    @Nested
    class BuiltInDefaults {

        @Test
        void appliesBuiltInDefaultsWhenTheFileHasNoDefaultsSection() {
            RouteDefinition route = CatalogueLoader.parse(survey(), "test.yaml").routes().get(0);

            assertThat(route.stickiness()).isEqualTo(Stickiness.none());
            assertThat(route.overridesAllowed()).isFalse();
            assertThat(route.legacy().timeouts()).isEqualTo(Timeouts.DEFAULT);
            assertThat(route.modern().timeouts()).isEqualTo(Timeouts.DEFAULT);
        }

        @Test
        void fillsTimeoutFieldsLeftOutEverywhereFromTheBuiltInDefault() {
            String yaml = """
                    defaults:
                      timeouts: {connect: 3s}
                    routes:
                      - id: survey
                        paths: [/survey/**]
                        legacy: http://legacy:5000
                        modern: {uri: "https://modern.example.com", timeouts: {response: 20s}}
                    """;

            RouteDefinition route = CatalogueLoader.parse(yaml, "test.yaml").routes().get(0);

            assertThat(route.legacy().timeouts())
                    .isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(15)));
            assertThat(route.modern().timeouts())
                    .isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(20)));
        }

        @ParameterizedTest
        @CsvSource({"250ms, PT0.25S", "2s, PT2S", "1m, PT1M", "PT2S, PT2S", "1500, PT1.5S", "10m, PT10M"})
        void acceptsEveryDurationNotation(String written, Duration expected) {
            RouteDefinition route = CatalogueLoader.parse(survey("timeouts: {connect: " + written + "}"),
                    "test.yaml").routes().get(0);

            assertThat(route.legacy().timeouts().connect()).isEqualTo(expected);
        }
    }

    @Nested
    class RejectedRoutes {

        @Test
        void rejectsADuplicateIdAtTheLaterRoute() {
            String yaml = """
                    routes:
                      - {id: survey, paths: [/survey/**], legacy: "http://l", modern: "http://m"}
                      - {id: admin, paths: [/admin/**], legacy: "http://l", modern: "http://m"}
                      - {id: survey, paths: [/api/safework/**], legacy: "http://l", modern: "http://m"}
                    """;

            assertThat(problemsOf(yaml)).containsExactly(new Problem("routes[2] (survey).id",
                    "\"survey\" (expected: a unique id; routes[0] (survey) has it)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"bad id\"", "-survey", "\"\""})
        void rejectsAnInvalidIdAndLeavesItOutOfTheLocation(String id) {
            List<Problem> problems = problemsOf(survey().replace("id: survey", "id: " + id));

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("routes[0].id");
                assertThat(problem.message()).contains("expected: 1-64 characters");
            });
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "ftp://files.example.com | expected: an http:// or https:// URI",
                "flask-monolith:5000     | expected: an http:// or https:// URI",
                "http:///prod            | expected: a host name or address",
                "http://legacy/?debug=1  | expected: no query, fragment or user info",
                "http://legacy/#top      | expected: no query, fragment or user info",
                "http://admin@legacy     | expected: no query, fragment or user info",
                "http://legacy host      | Illegal character in authority"})
        void rejectsUpstreamUrisThatAreNotPlainHttp(String uri, String expected) {
            List<Problem> problems = problemsOf(survey().replace("http://legacy:5000", "\"" + uri + "\""));

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("routes[0] (survey).legacy");
                assertThat(problem.message()).startsWith("\"" + uri + "\"").contains(expected);
            });
        }

        @Test
        void locatesABadUriInsideAnUpstreamMap() {
            List<Problem> problems = problemsOf(survey()
                    .replace("modern: https://modern.example.com", "modern: {uri: \"ftp://modern\"}"));

            assertThat(problems).containsExactly(new Problem("routes[0] (survey).modern.uri",
                    "\"ftp://modern\" (expected: an http:// or https:// URI)"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "-1    | -1 (expected: 0..100)",
                "101   | 101 (expected: 0..100)",
                "25.5  | 25.5 (expected: an integer 0..100)",
                "\"25\" | \"25\" (expected: an integer 0..100)",
                "abc   | \"abc\" (expected: an integer 0..100)",
                "true  | true (expected: an integer 0..100)",
                "99999999999 | 99999999999 (expected: 0..100)"})
        void rejectsWeightsThatAreNotAYamlIntegerFromZeroToHundred(String weight, String message) {
            assertThat(problemsOf(survey("weight: " + weight)))
                    .containsExactly(new Problem("routes[0] (survey).weight", message));
        }

        @Test
        void rejectsAnUnknownKeySuggestingTheNearestKnownOne() {
            String yaml = survey().replace("paths:", "pathz:");

            assertThat(problemsOf(yaml)).containsExactly(
                    new Problem("routes[0] (survey).pathz", "unknown key 'pathz' (expected one of: id, paths, "
                            + "methods, hosts, headers, legacy, modern, weight, stickiness, timeouts, overrides, "
                            + "strip-prefix, rewrite, resilience, rollout; did you mean 'paths'?)"),
                    new Problem("routes[0] (survey).paths",
                            "missing (expected: a non-empty list of path patterns such as [/survey/**])"));
        }

        @Test
        void suggestsAKnownKeyWrittenInAnotherCase() {
            assertThat(problemsOf(survey("stripPrefix: 1"))).singleElement()
                    .extracting(Problem::message).asString().endsWith("did you mean 'strip-prefix'?)");
        }

        @Test
        void suggestsNothingWhenNoKnownKeyIsClose() {
            assertThat(problemsOf(survey("priority: 1"))).singleElement()
                    .extracting(Problem::message).asString()
                    .startsWith("unknown key 'priority'").doesNotContain("did you mean");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "'rute: 1'                                        | rute                              | routes",
                "'defaults: {stickyness: none}'                   | defaults.stickyness               | stickiness",
                "'defaults: {timeouts: {conect: 1s}}'             | defaults.timeouts.conect          | connect"})
        void rejectsUnknownKeysAtTheTopAndInDefaults(String extra, String location, String suggestion) {
            List<Problem> problems = problemsOf(extra + "\n" + survey());

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo(location);
                assertThat(problem.message()).endsWith("did you mean '" + suggestion + "'?)");
            });
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "'modern: {uri: \"https://m\", url: x}'     | modern.url               | uri",
                "'legacy: {uri: \"http://l\", timeout: {}}' | legacy.timeout           | timeouts",
                "'legacy: {uri: \"http://l\", timeouts: {conect: 1s}}' | legacy.timeouts.conect | connect",
                "'timeouts: {respons: 2s}'                 | timeouts.respons         | response",
                "'rewrite: {regex: x, replacment: y}'      | rewrite.replacment       | replacement"})
        void rejectsUnknownKeysInsideARoute(String line, String location, String suggestion) {
            String key = line.substring(0, line.indexOf(':'));
            String yaml = withoutLine(survey(), key + ":") + "    " + line + "\n";

            assertThat(problemsOf(yaml))
                    .filteredOn(problem -> problem.location().equals("routes[0] (survey)." + location))
                    .singleElement().extracting(Problem::message).asString()
                    .endsWith("did you mean '" + suggestion + "'?)");
        }

        @Test
        void rejectsPathsWrittenAsAString() {
            assertThat(problemsOf(survey().replace("[/survey/**]", "/survey/**"))).containsExactly(
                    new Problem("routes[0] (survey).paths",
                            "\"/survey/**\" (expected: a non-empty list of path patterns such as [/survey/**])"));
        }

        @Test
        void rejectsAnEmptyPathList() {
            assertThat(problemsOf(survey().replace("[/survey/**]", "[]"))).singleElement()
                    .isEqualTo(new Problem("routes[0] (survey).paths",
                            "empty list (expected: a non-empty list of path patterns such as [/survey/**])"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "/a/**/b   | expected: a Spring PathPattern; ",
                "/{id      | expected: a Spring PathPattern; ",
                "survey/** | expected: a path pattern starting with '/'"})
        void rejectsInvalidPathPatterns(String pattern, String expected) {
            List<Problem> problems = problemsOf(survey().replace("[/survey/**]", "[/ok, \"" + pattern + "\"]"));

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("routes[0] (survey).paths[1]");
                assertThat(problem.message()).startsWith("\"" + pattern + "\" (" + expected);
            });
        }

        @Test
        void rejectsUnknownHttpMethods() {
            assertThat(problemsOf(survey("methods: [GET, FETCH]"))).containsExactly(new Problem(
                    "routes[0] (survey).methods[1]",
                    "\"FETCH\" (expected: one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE)"));
        }

        @Test
        void rejectsHostsWithASchemeOrBlank() {
            assertThat(problemsOf(survey("hosts: [\"https://safework.example.com\", \" \"]")))
                    .extracting(Problem::location)
                    .containsExactly("routes[0] (survey).hosts[0]", "routes[0] (survey).hosts[1]");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "bogus:x        | bogus:x (expected: header:<name>, cookie:<name>, jwt-claim:<claim>, client-ip or none)",
                "header         | header needs a name (expected: header:<name>)",
                "client-ip:x    | client-ip:x (expected: client-ip takes no name)",
                "42             | 42 (expected: header:<name>, cookie:<name>, jwt-claim:<claim>, client-ip or none)"})
        void rejectsBadStickinessWithTheMessageOfTheRules(String stickiness, String message) {
            assertThat(problemsOf(survey("stickiness: " + stickiness)))
                    .containsExactly(new Problem("routes[0] (survey).stickiness", message));
        }

        @Test
        void rejectsBadStickinessInTheDefaults() {
            assertThat(problemsOf("defaults: {stickiness: \"cookie:\"}\n" + survey())).containsExactly(
                    new Problem("defaults.stickiness", "cookie needs a name (expected: cookie:<name>)"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2x", "1.5s", "0", "0ms", "11m", "-PT1S", "P1D", "1.5", "'2000'", "true", "''"})
        void rejectsDurationsThatAreMalformedOrOutOfRange(String duration) {
            assertThat(problemsOf(survey("timeouts: {connect: " + duration + ", response: 2s}")))
                    .singleElement().satisfies(problem -> {
                        assertThat(problem.location()).isEqualTo("routes[0] (survey).timeouts.connect");
                        assertThat(problem.message()).containsAnyOf(
                                "(expected: a duration such as 250ms, 2s, 1m, PT2S or an integer of milliseconds)",
                                "(expected: > 0 and at most 10m)");
                    });
        }

        @Test
        void namesTheBadDurationAndTheRangeInTheMessage() {
            assertThat(problemsOf("defaults: {timeouts: {response: 30m}}\n" + survey()))
                    .containsExactly(new Problem("defaults.timeouts.response",
                            "\"30m\" (expected: > 0 and at most 10m)"));
        }

        @Test
        void rejectsHeaderRegexesThatDoNotCompileAndInvalidHeaderNames() {
            List<Problem> problems = problemsOf(survey("headers: {X-Tenant: \"acme(\", \"X Tenant\": acme}"));

            assertThat(problems).extracting(Problem::location).containsExactly(
                    "routes[0] (survey).headers.X-Tenant", "routes[0] (survey).headers.X Tenant");
            assertThat(problems.get(0).message())
                    .startsWith("\"acme(\" (expected: a Java regular expression; Unclosed group");
            assertThat(problems.get(1).message()).startsWith("header name \"X Tenant\" (expected: letters, digits");
        }

        @Test
        void rejectsARewriteRegexThatDoesNotCompile() {
            List<Problem> problems = problemsOf(survey("rewrite: {regex: \"^/api/(?<rest.*)\", replacement: /x}"));

            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("routes[0] (survey).rewrite.regex");
                assertThat(problem.message()).startsWith("\"^/api/(?<rest.*)\" (expected: a Java regular expression;");
            });
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "/${rst} | No group with name {rst}",
                "/$2     | No group 2"})
        void rejectsAReplacementThatRefersToAGroupTheRegexLacks(String replacement, String reason) {
            List<Problem> problems = problemsOf(survey(
                    "rewrite: {regex: \"^/api/(?<rest>.*)$\", replacement: \"" + replacement + "\"}"));

            assertThat(problems).containsExactly(new Problem("routes[0] (survey).rewrite.replacement",
                    "\"" + replacement + "\" (expected: references to groups of the regex; " + reason + ")"));
        }

        @Test
        void rejectsARewriteWithoutReplacement() {
            assertThat(problemsOf(survey("rewrite: {regex: \"^/api\"}"))).containsExactly(new Problem(
                    "routes[0] (survey).rewrite.replacement", "missing (expected: a string such as /${rest})"));
        }

        @Test
        void acceptsAnEmptyReplacementThatDeletesTheMatch() {
            RouteDefinition route = CatalogueLoader.parse(survey("rewrite: {regex: \"^/api\", replacement: \"\"}"),
                    "test.yaml").routes().get(0);

            assertThat(route.rewrite().apply("/api/survey/1")).isEqualTo("/survey/1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.0", "\"1\""})
        void rejectsAStripPrefixThatIsNotANonNegativeInteger(String stripPrefix) {
            assertThat(problemsOf(survey("strip-prefix: " + stripPrefix))).singleElement()
                    .extracting(Problem::location).isEqualTo("routes[0] (survey).strip-prefix");
        }

        @Test
        void rejectsARouteWithoutLegacy() {
            String yaml = withoutLine(survey(), "legacy:");

            assertThat(problemsOf(yaml)).containsExactly(new Problem("routes[0] (survey).legacy",
                    "missing (expected: a URI such as http://legacy:8080, or a map with uri and optional timeouts)"));
        }

        @Test
        void rejectsANonBooleanOverrides() {
            assertThat(problemsOf(survey("overrides: \"yes please\""))).containsExactly(new Problem(
                    "routes[0] (survey).overrides", "\"yes please\" (expected: true or false)"));
        }

        @Test
        void rejectsARouteThatIsNotAMap() {
            assertThat(problemsOf(survey() + "  - just-a-string\n")).containsExactly(new Problem("routes[1]",
                    "\"just-a-string\" (expected: a map with id, paths, legacy, modern and optional settings)"));
        }
    }

    @Nested
    class OverlappingPatterns {

        @Test
        void rejectsTheSamePatternTwiceInOneRoute() {
            assertThat(problemsOf(survey().replace("[/survey/**]", "[/survey/**, /health, /survey/**]")))
                    .containsExactly(new Problem("routes[0] (survey).paths[2]",
                            "\"/survey/**\" (expected: each pattern once; already at paths[0])"));
        }

        @Test
        void rejectsAPatternAnEarlierRouteRoutesForTheSameRequests() {
            String yaml = """
                    routes:
                      - {id: survey, paths: [/survey/**], legacy: "http://l", modern: "http://m"}
                      - {id: admin, paths: [/admin/**], legacy: "http://l", modern: "http://m"}
                      - {id: survey-v2, paths: [/v2/**, /survey/**], legacy: "http://l", modern: "http://m"}
                    """;

            assertThat(problemsOf(yaml)).containsExactly(new Problem("routes[2] (survey-v2).paths[1]",
                    "\"/survey/**\" (expected: a pattern not already routed to routes[0] (survey) "
                            + "for the same methods, hosts and headers)"));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "methods: [GET, POST] | methods: [post]",
                "methods: [GET]       | ''",
                "hosts: [a.example.com] | hosts: [A.example.com]",
                "headers: {X-Tenant: acme} | headers: {x-tenant: acme}"})
        void rejectsAPatternWhoseConstraintsOverlap(String first, String second) {
            assertThat(problemsOf(twoRoutesOnOnePath(first, second))).extracting(Problem::location)
                    .containsExactly("routes[1] (writes).paths[0]");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "methods: [GET]           | methods: [POST, PUT]",
                "hosts: [a.example.com]   | hosts: [b.example.com]",
                "hosts: [a.example.com]   | ''",
                "headers: {X-Tenant: acme} | headers: {X-Tenant: globex}",
                "headers: {X-Tenant: acme} | ''"})
        void acceptsTheSamePatternWhenMethodsHostsOrHeadersTellRequestsApart(String first, String second) {
            RouteCatalogue catalogue = CatalogueLoader.parse(twoRoutesOnOnePath(first, second), "test.yaml");

            assertThat(catalogue.routes()).extracting(RouteDefinition::id).containsExactly("reads", "writes");
        }

        private static String twoRoutesOnOnePath(String first, String second) {
            return """
                    routes:
                      - id: reads
                        paths: [/survey/**]
                        legacy: http://legacy
                        modern: http://modern
                        %s
                      - id: writes
                        paths: [/survey/**]
                        legacy: http://legacy
                        modern: http://modern
                        %s
                    """.formatted(first, second);
        }
    }

    @Nested
    class RejectedFiles {

        @Test
        void reportsAYamlSyntaxErrorWithItsLineAndColumn() {
            String yaml = """
                    routes:
                      - id: survey
                        paths: [/survey/**
                        legacy: http://legacy
                    """;

            assertThat(problemsOf(yaml)).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("line 4, column 11");
                assertThat(problem.message()).contains("expected ',' or ']'")
                        .contains("while parsing a flow sequence at line 3, column 12");
            });
        }

        @Test
        void reportsADuplicateYamlKeyWithItsLine() {
            String yaml = survey() + "    weight: 10\n    weight: 20\n";

            assertThat(problemsOf(yaml)).singleElement().satisfies(problem -> {
                assertThat(problem.location()).startsWith("line 7,");
                assertThat(problem.message()).startsWith("found duplicate key weight");
            });
        }

        @Test
        void rejectsAnEmptyRoutesList() {
            assertThat(problemsOf("routes: []\n")).containsExactly(new Problem("routes", "empty list (expected: "
                    + "a non-empty list of routes; an empty catalogue would answer 404 to every request)"));
        }

        @Test
        void rejectsAFileWithoutRoutes() {
            assertThat(problemsOf("defaults: {overrides: true}\n")).singleElement()
                    .extracting(Problem::location, Problem::message).containsExactly("routes", "missing (expected: "
                            + "a non-empty list of routes; an empty catalogue would answer 404 to every request)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "# only a comment\n", "- survey\n", "just text\n"})
        void rejectsAFileThatIsNotAMap(String yaml) {
            assertThat(problemsOf(yaml)).singleElement().extracting(Problem::location).isEqualTo("document");
        }

        @Test
        void rejectsAliasExpansionBombs() {
            String yaml = """
                    a: &a [x, x, x, x, x, x, x, x, x]
                    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
                    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
                    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
                    e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
                    """;

            assertThat(problemsOf(yaml)).singleElement().satisfies(problem -> {
                assertThat(problem.location()).isEqualTo("document");
                assertThat(problem.message()).contains("aliases");
            });
        }

        @Test
        void rejectsTagsThatWouldConstructJavaObjects() {
            String yaml = "routes: !!java.util.ArrayList []\n";

            assertThat(problemsOf(yaml)).singleElement().extracting(Problem::location).asString()
                    .startsWith("line 1,");
        }

        @Test
        void reportsEveryProblemOfTheFileInOnePass() {
            String yaml = """
                    defaults:
                      timeouts: {connect: 2x}
                    routes:
                      - id: auth
                        paths: [/auth/**]
                        legacy: ftp://flask-monolith
                        modern: https://auth.example.com
                        weight: 150
                      - id: survey
                        pathz: [/survey/**]
                        legacy: http://flask-monolith:5000
                        modern: https://survey.example.com
                      - id: good
                        paths: [/good/**]
                        legacy: http://flask-monolith:5000
                        modern: https://good.example.com
                      - id: auth
                        paths: [/auth/**]
                        legacy: http://flask-monolith:5000
                        modern: https://auth.example.com
                        stickiness: sticky
                    """;

            CatalogueException rejected = catchThrowableOfType(CatalogueException.class,
                    () -> CatalogueLoader.parse(yaml, "routes.yaml"));

            assertThat(rejected.source()).isEqualTo("routes.yaml");
            assertThat(rejected.problems()).extracting(Problem::location).containsExactly(
                    "defaults.timeouts.connect",
                    "routes[0] (auth).legacy",
                    "routes[0] (auth).weight",
                    "routes[1] (survey).pathz",
                    "routes[1] (survey).paths",
                    "routes[3] (auth).stickiness",
                    "routes[3] (auth).id",
                    "routes[3] (auth).paths[0]");
            assertThat(rejected.getMessage()).startsWith("routes file routes.yaml rejected, 8 problems:")
                    .contains("\n  - routes[0] (auth).weight: 150 (expected: 0..100)");
        }
    }

    @Nested
    class FilesOnDisk {

        @Test
        void loadsAUtf8FileFromDisk(@TempDir Path directory) throws Exception {
            Path file = directory.resolve("routes.yaml");
            Files.writeString(file, "# Umleitung für die Umfrage\n" + survey(), StandardCharsets.UTF_8);

            RouteCatalogue catalogue = CatalogueLoader.load(file);

            assertThat(catalogue.source()).isEqualTo(file.toString());
            assertThat(catalogue.find("survey")).isPresent();
        }

        @Test
        void reportsAMissingFileAsOneProblemAtTheFile(@TempDir Path directory) {
            Path file = directory.resolve("missing.yaml");

            CatalogueException rejected = catchThrowableOfType(CatalogueException.class,
                    () -> CatalogueLoader.load(file));

            assertThat(rejected.problems())
                    .containsExactly(new Problem(file.toString(), "cannot read (no such file)"));
        }

        @Test
        void reportsAFileThatIsNotUtf8(@TempDir Path directory) throws Exception {
            Path file = directory.resolve("latin1.yaml");
            Files.write(file, "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

            CatalogueException rejected = catchThrowableOfType(CatalogueException.class,
                    () -> CatalogueLoader.load(file));

            assertThat(rejected.problems())
                    .containsExactly(new Problem(file.toString(), "cannot read (not valid UTF-8)"));
        }
    }

    /** A valid one-route file, with {@code extraLines} added to the route. */
    @Nested
    class Resilience {

        @Test
        void routeWithoutResilienceSectionGetsBuiltInDefaults() {
            RouteDefinition route = CatalogueLoader.parse(survey(), "test.yaml").routes().get(0);

            assertThat(route.resilience()).isEqualTo(ResiliencePolicy.DEFAULT);
            assertThat(route.resilience().failureStatuses()).containsExactlyInAnyOrder(500, 502, 503, 504);
            assertThat(route.resilience().maxReplayBody()).isEqualTo(1024 * 1024);
        }

        @Test
        void routeSettingsOverrideDefaultsFieldByField() {
            String yaml = "defaults:\n  resilience: {wait-in-open: 30s, minimum-calls: 5}\n"
                    + survey("resilience: {minimum-calls: 4, failure-statuses: [503], replay-methods: [put],",
                            "  fallback-to-modern: true, max-replay-body: 2048}");

            ResiliencePolicy policy = CatalogueLoader.parse(yaml, "test.yaml").routes().get(0).resilience();

            assertThat(policy.waitInOpen()).isEqualTo(Duration.ofSeconds(30));
            assertThat(policy.minimumCalls()).isEqualTo(4);
            assertThat(policy.failureStatuses()).containsExactly(503);
            assertThat(policy.replayMethods()).containsExactly("PUT");
            assertThat(policy.replayable("PUT")).isTrue();
            assertThat(policy.replayable("POST")).isFalse();
            assertThat(policy.fallbackToModern()).isTrue();
            assertThat(policy.maxReplayBody()).isEqualTo(2048);
            assertThat(policy.failureRateThreshold()).isEqualTo(50);
        }

        @Test
        void rejectsClientErrorsAsFailureStatusesAndBadValues() {
            List<Problem> problems = problemsOf(survey(
                    "resilience: {failure-statuses: [404], failure-rate-threshold: 0, wait-in-open: soon,",
                    "  replay-methods: [FETCH], half-open-calls: x, breaker: on}"));

            assertThat(problems).extracting(Problem::location).containsExactlyInAnyOrder(
                    "routes[0] (survey).resilience.failure-statuses[0]",
                    "routes[0] (survey).resilience.failure-rate-threshold",
                    "routes[0] (survey).resilience.wait-in-open",
                    "routes[0] (survey).resilience.replay-methods[0]",
                    "routes[0] (survey).resilience.half-open-calls",
                    "routes[0] (survey).resilience.breaker");
            assertThat(problems).filteredOn(p -> p.location().endsWith("failure-statuses[0]")).singleElement()
                    .extracting(Problem::message).asString().contains("404").contains("4xx never count");
        }
    }

    private static String survey(String... extraLines) {
        String route = """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://legacy:5000
                    modern: https://modern.example.com
                """;
        return route + Arrays.stream(extraLines).map(line -> "    " + line + "\n").collect(Collectors.joining());
    }

    /** {@code yaml} without the lines whose content starts with {@code start}. */
    private static String withoutLine(String yaml, String start) {
        return yaml.lines().filter(line -> !line.strip().startsWith(start))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static List<Problem> problemsOf(String yaml) {
        CatalogueException rejected = catchThrowableOfType(CatalogueException.class,
                () -> CatalogueLoader.parse(yaml, "test.yaml"));
        assertThat(rejected).as("expected the file to be rejected:%n%s", yaml).isNotNull();
        return rejected.problems();
    }

    private static Path resource(String name) {
        try {
            return Path.of(CatalogueLoaderTests.class.getResource(name).toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
