package dev.ficus.gateway.rollout;

import dev.ficus.gateway.PropertyChecks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Progressive rollouts.
 *
 * @param tick how often the scheduler checks whether an analysis interval is due (default {@code 1s}, positive);
 *        the analysis itself runs once per plan interval, so the tick only bounds how late it may run
 * @param webhooks where each transition is POSTed as JSON (default none)
 * @param webhookTimeout connect and response timeout of one webhook call (default {@code 2s}, positive)
 * @param webhookQueue transitions waiting to be sent, at most (default 256, 1..10000); more are dropped and counted
 */
@ConfigurationProperties("ficus.rollout")
public record RolloutProperties(@DefaultValue("1s") Duration tick, List<Webhook> webhooks,
        @DefaultValue("2s") Duration webhookTimeout, @DefaultValue("256") int webhookQueue) {

    public RolloutProperties {
        PropertyChecks.positive("ficus.rollout.tick", tick);
        PropertyChecks.positive("ficus.rollout.webhook-timeout", webhookTimeout);
        if (webhookQueue < 1 || webhookQueue > 10_000) {
            throw new IllegalArgumentException("ficus.rollout.webhook-queue: " + webhookQueue
                    + " (expected: 1..10000)");
        }
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        for (int i = 0; i < webhooks.size(); i++) {
            PropertyChecks.notNull("ficus.rollout.webhooks[" + i + "].url", webhooks.get(i).url(),
                    "an http or https URL");
        }
    }

    /** @param url receiver of the transitions, http or https */
    public record Webhook(URI url) {

        public Webhook {
            if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("ficus.rollout.webhooks[].url: " + url
                        + " (expected: an http or https URL)");
            }
        }
    }
}
