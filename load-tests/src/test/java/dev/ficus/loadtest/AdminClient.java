package dev.ficus.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few admin API calls the simulations make outside Gatling's own requests (set-up reads, the verdicts'
 * polling). LiveShift's and Rollout's writes go through Gatling so they appear in the reports.
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AdminClient(String adminUrl, String token) {
        this.adminUrl = adminUrl;
        this.token = token;
    }

    /** {@code GET /admin/routes}: every route's weight by id. */
    public Map<String, Integer> weights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode route : get("/admin/routes")) {
            weights.put(route.path("id").asText(), route.path("weight").asInt());
        }
        return weights;
    }

    /** {@code GET /admin/routes/{id}}. */
    public JsonNode route(String id) {
        return get("/admin/routes/" + id);
    }

    /** {@code GET /admin/routes/{id}/rollout}. */
    public JsonNode rollout(String id) {
        return get("/admin/routes/" + id + "/rollout");
    }

    /** Sets a weight (If-Match from a fresh GET); used only to put a route back in place before a run. */
    public void setWeight(String id, int weight, String reason) {
        String etag = send(HttpRequest.newBuilder(URI.create(adminUrl + "/admin/routes/" + id)).GET())
                .headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(adminUrl + "/admin/routes/" + id + "/weight"))
                .header("If-Match", etag).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"weight\": " + weight + ", \"reason\": \"" + reason + "\"}")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT weight of " + id + ": " + response.statusCode() + " " + response.body());
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(adminUrl + path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + adminUrl + path + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": not JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IllegalStateException("Admin API at " + adminUrl + " unreachable: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
