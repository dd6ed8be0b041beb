package dev.ficus.loadtest;

import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.http.HttpDsl.http;

/** Admin API requests made by Gatling virtual users (so they show in the reports, named by what they do). */
final class AdminChains {

    private AdminChains() {
    }

    static HttpRequestActionBuilder get(Target target, String name, String path) {
        return http(name).get(target.adminUrl() + path).header("Authorization", "Bearer " + target.adminToken());
    }

    static HttpRequestActionBuilder put(Target target, String name, String path) {
        return http(name).put(target.adminUrl() + path).header("Authorization", "Bearer " + target.adminToken())
                .header("Content-Type", "application/json");
    }

    static HttpRequestActionBuilder post(Target target, String name, String path) {
        return http(name).post(target.adminUrl() + path).header("Authorization", "Bearer " + target.adminToken())
                .header("Content-Type", "application/json");
    }
}
