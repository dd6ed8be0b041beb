package dev.ficus.loadtest;

/**
 * The gateway a simulation runs against: the one the parameters name, or, when {@code ficus.lt.baseUrl} is unset, a
 * {@link LocalStack} started once per JVM (the Gatling plugin forks one JVM per simulation, so each simulation gets
 * a fresh gateway, fresh state and fresh backends).
 */
public record Target(String baseUrl, String adminUrl, String adminToken, String modernAdminUrl, LocalStack local) {

    private static Target instance;

    public static synchronized Target get() {
        if (instance == null) {
            String base = LoadConfig.baseUrl();
            if (base == null) {
                instance = LocalStack.start().target();
            }
            else {
                String admin = LoadConfig.adminUrl();
                String token = LoadConfig.adminToken();
                if (admin == null || token == null) {
                    throw new IllegalStateException("ficus.lt.baseUrl is set, so ficus.lt.adminUrl (FICUS_LT_ADMIN_URL) and "
                            + "ficus.lt.adminToken (FICUS_LT_ADMIN_TOKEN, an operator token) must be set too");
                }
                instance = new Target(strip(base), strip(admin), token, LoadConfig.modernAdminUrl(), null);
            }
        }
        return instance;
    }

    /**
     * The HTTP protocol of every simulation: one connection pool shared by all virtual users (a gateway sees a few
     * client connections, as behind a load balancer), at most 64 connections, and no HTTP cache: the admin API's
     * ETags would otherwise turn repeated GETs into 304s.
     */
    public io.gatling.javaapi.http.HttpProtocolBuilder protocol() {
        return io.gatling.javaapi.http.HttpDsl.http.baseUrl(baseUrl).shareConnections().maxConnectionsPerHost(64)
                .disableCaching().acceptHeader("application/json").userAgentHeader("ficus-gatling");
    }

    public AdminClient admin() {
        return new AdminClient(adminUrl, adminToken);
    }

    static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
