package dev.ficus.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.routing.RoutingTableHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by
 * Selenium with explicit paths so Selenium Manager never downloads anything): it renders every route, and what an
 * operator does in it reaches the admin API and the audit log. Skipped, with a message, when the browser or its
 * driver is not installed ({@code .ci/run} installs both).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "ficus.admin.tokens[0].name=olivia", "ficus.admin.tokens[0].token=" + OperatorPageBrowserIntegrationTests.OPERATOR,
        "ficus.admin.tokens[0].role=operator",
        "ficus.admin.tokens[1].name=victor", "ficus.admin.tokens[1].token=" + OperatorPageBrowserIntegrationTests.VIEWER,
        "ficus.admin.tokens[1].role=viewer"})
class OperatorPageBrowserIntegrationTests {

    static final String OPERATOR = "operator-token-page-0123456789";
    static final String VIEWER = "viewer-token-page-0123456789";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "operator-page.png");
    private static final Duration WAIT = Duration.ofSeconds(10);

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();
    static final Path stateDir = tempDir();

    @LocalManagementPort
    int managementPort;

    @Autowired
    RoutingTableHolder tables;

    WebTestClient admin;
    WebDriver browser;
    WebDriverWait wait;
    Path profile;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ficus.routes-file", () -> TestBackends.routesFile("""
                routes:
                  - id: survey
                    paths: [/survey/**, /api/safework/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 25
                    stickiness: header:X-User-Id
                  - id: auth
                    paths: [/auth/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                    overrides: true
                  - id: static
                    paths: [/static/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                """.formatted(legacy.port(), modern.port())).toString());
        registry.add("ficus.state.dir", stateDir::toString);
    }

    @BeforeEach
    void setUp() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        tables.update(table -> table.withWeights(Map.of("survey", 25, "auth", 0, "static", 100)));
        admin = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort)
                .responseTimeout(WAIT).build();
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(profile);
        }
    }

    @AfterAll
    static void stopBackends() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void servesThePageWithoutTokenWithStrictContentSecurityPolicy() {
        admin.get().uri("/admin/ui").exchange()
                .expectStatus().isPermanentRedirect()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/admin/ui/");
        admin.get().uri("/admin/ui/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'"))
                .expectBody(String.class).value(html -> assertThat(html).contains("<script src=\"ficus.js\""));
        admin.get().uri("/admin/ui/ficus.js").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(js -> assertThat(js).contains("function render(").doesNotContain("innerHTML"));
        admin.get().uri("/admin/ui/ficus.css").exchange().expectStatus().isOk();
        admin.get().uri("/admin/ui/nope.js").exchange().expectStatus().isNotFound();
        admin.get().uri("/admin/routes").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void rendersEveryRouteWithItsWeightAndExplainsRejectedToken() throws IOException {
        openPage();
        useToken("not-a-token-of-this-gateway");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "401 Unauthorized"));

        useToken(VIEWER);
        wait.until(driver -> rows().size() == 3);

        assertThat(rows()).extracting(row -> row.getDomAttribute("data-route")).containsExactly("survey", "auth", "static");
        assertThat(cellText("survey", "weight")).isEqualTo("25 %");
        assertThat(cellText("auth", "weight")).isEqualTo("0 %");
        assertThat(cellText("static", "weight")).isEqualTo("100 %");
        assertThat(cellText("survey", "paths")).isEqualTo("/survey/**, /api/safework/**");
        assertThat(cellText("survey", "stickiness")).isEqualTo("header:X-User-Id");
        assertThat(cellText("survey", "breakers")).contains("modern: CLOSED", "legacy: CLOSED");
        assertThat(cellText("survey", "split")).isEqualTo("–");
        assertThat(cellText("survey", "rollout")).isEqualTo("–");
        assertThat(browser.findElement(By.cssSelector("tr[data-route='survey'] .bar > .fill")).getDomAttribute("style"))
                .contains("width: 25%");
        assertThat(browser.getCurrentUrl()).doesNotContain("token");
        assertThat(((ChromeDriver) browser).executeScript("return sessionStorage.getItem('ficus.adminToken')"))
                .isEqualTo(VIEWER);

        typeWeight("survey", "60");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "403 Forbidden"));
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(25);
    }

    @Test
    void changesWeightThroughTheAdminApiAndTheAuditLog() throws IOException {
        openPage();
        useToken(OPERATOR);
        wait.until(driver -> rows().size() == 3);

        typeWeight("survey", "50");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "survey: weight 25 → 50 %"));
        wait.until(driver -> cellText("survey", "weight").equals("50 %"));
        assertThat(route("survey").get("weight").asInt()).isEqualTo(50);
        JsonNode newest = newestAudit("survey");
        assertThat(newest.get("actor").asText()).isEqualTo("olivia");
        assertThat(newest.get("from").asInt()).isEqualTo(25);
        assertThat(newest.get("to").asInt()).isEqualTo(50);
        assertThat(newest.get("reason").asText()).isEqualTo("operator page");
        assertThat(newest.get("source").asText()).isEqualTo("api");
    }

    /**
     * The page renders traffic and rollout figures as the API reports them; the browser's {@code fetch} puts known
     * figures into the real answer, so the rendering is checked against exact values (a route with no requests in
     * the window shows "–").
     */
    @Test
    void rendersLiveSplitErrorRatesLatencyAndRolloutWhenTheApiReportsThem() throws IOException {
        openPage();
        ((ChromeDriver) browser).executeScript("""
                const realFetch = window.fetch;
                window.fetch = async (path, init) => {
                  const response = await realFetch(path, init);
                  if (path !== '/admin/routes' || !response.ok) return response;
                  const routes = await response.json();
                  const survey = routes.find((route) => route.id === 'survey');
                  survey.traffic = {window: '60s', modernShare: 24.8,
                    modern: {requests: 120, failures: 1, errorRate: 0.8, p50Ms: 12.0, p99Ms: 80.5, rps: 2.0},
                    legacy: {requests: 364, failures: 7, errorRate: 1.9, p50Ms: 35.2, p99Ms: 412.0, rps: 6.1}};
                  survey.rollout = {state: 'progressing', step: 1, weight: 50, nextDecisionAt: '2026-11-23T02:00:00Z'};
                  routes.find((route) => route.id === 'auth').rollout = null;
                  return new Response(JSON.stringify(routes), {status: 200, headers: {'Content-Type': 'application/json'}});
                };
                """);
        useToken(OPERATOR);
        wait.until(driver -> cellText("survey", "split").equals("24.8 % modern"));

        assertThat(cellText("survey", "modern")).isEqualTo("0.8 % · 81 ms");
        assertThat(cellText("survey", "legacy")).isEqualTo("1.9 % · 412 ms");
        assertThat(browser.findElement(By.cssSelector("tr[data-route='survey'] td.legacy .bad")).getText())
                .isEqualTo("1.9 %");
        assertThat(cellText("survey", "rollout")).startsWith("progressing step 1 · 50 % · next ");
        assertThat(cellText("auth", "split")).isEqualTo("–");
        assertThat(cellText("auth", "modern")).isEqualTo("–");
        assertThat(cellText("auth", "rollout")).isEqualTo("–");
        typeWeight("survey", "50");
        wait.until(driver -> cellText("survey", "weight").equals("50 %"));
        browser.findElement(By.cssSelector("tr[data-route='auth'] input.new-weight")).sendKeys("10");
        screenshot();
    }

    @Test
    void reloadsWhenSomeoneElseChangedTheRouteFirst() throws IOException {
        openPage();
        // The refresh interval is set while the page has no token (a refresh then loads nothing and sets no timer),
        // so the one load after the token is the page's last before the change below: no refresh in between can
        // pick up the new ETag (setting it after the load raced with the refresh the change itself starts).
        WebElement interval = browser.findElement(By.id("interval"));
        interval.clear();
        interval.sendKeys("3600\n");
        useToken(OPERATOR);
        wait.until(driver -> rows().size() == 3);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "every 3600 s"));
        admin.put().uri("/admin/routes/auth/weight").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .header(HttpHeaders.IF_MATCH, route("auth").get("etag").asText())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"weight\": 10, \"reason\": \"curl\"}")
                .exchange().expectStatus().isOk();

        typeWeight("auth", "30");

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                "auth was changed by someone else, reloaded"));
        wait.until(driver -> cellText("auth", "weight").equals("10 %"));
        assertThat(route("auth").get("weight").asInt()).isEqualTo(10);
        assertThat(newestAudit("auth").get("reason").asText()).isEqualTo("curl");
    }

    @Test
    void rollbackButtonSendsEveryRouteToZeroAfterConfirmation() throws IOException {
        openPage();
        useToken(OPERATOR);
        wait.until(driver -> rows().size() == 3);

        browser.findElement(By.id("rollback-all")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(route("static").get("weight").asInt()).isEqualTo(100);

        browser.findElement(By.id("rollback-all")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"),
                "Rolled back survey, auth, static to 0 %"));
        wait.until(driver -> cellText("static", "weight").equals("0 %"));
        for (String id : List.of("survey", "auth", "static")) {
            assertThat(route(id).get("weight").asInt()).as(id).isZero();
        }
        assertThat(newestAudit("static").get("to").asInt()).isZero();
        assertThat(newestAudit("static").get("actor").asText()).isEqualTo("olivia");
    }

    private void openPage() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "operator page browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        profile = Files.createTempDirectory("ficus-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,560", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        browser.get("http://localhost:" + managementPort + "/admin/ui/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Paste an admin token"));
    }

    private void useToken(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("token-save")).click();
    }

    private void typeWeight(String id, String weight) {
        WebElement input = browser.findElement(By.cssSelector("tr[data-route='" + id + "'] input.new-weight"));
        input.clear();
        input.sendKeys(weight);
        browser.findElement(By.cssSelector("tr[data-route='" + id + "'] button.set-weight")).click();
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#routes tbody tr"));
    }

    private String cellText(String id, String column) {
        return browser.findElement(By.cssSelector("tr[data-route='" + id + "'] td." + column)).getText();
    }

    private JsonNode route(String id) {
        return admin.get().uri("/admin/routes/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode newestAudit(String id) {
        return admin.get().uri("/admin/audit?route=" + id + "&limit=1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("entries").get(0);
    }

    private void screenshot() throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ficus-page-state-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
