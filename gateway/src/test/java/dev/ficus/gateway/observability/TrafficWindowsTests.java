package dev.ficus.gateway.observability;

import dev.ficus.gateway.MutableClock;
import dev.ficus.gateway.resilience.FailureReason;
import dev.ficus.rules.Side;
import dev.ficus.rules.rollout.Measurement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class TrafficWindowsTests {

    final MutableClock clock = new MutableClock();
    final TrafficWindows windows = new TrafficWindows(Duration.ofSeconds(60), clock);

    @Test
    void countsCallsAndFailuresOfTheNewSideAndTheLegacyErrorRate() {
        Instant from = clock.instant();
        for (int i = 0; i < 90; i++) {
            call(Side.MODERN, 20, null);
        }
        for (int i = 0; i < 10; i++) {
            call(Side.MODERN, 20, FailureReason.values()[0]);
        }
        for (int i = 0; i < 50; i++) {
            call(Side.LEGACY, 5, i < 1 ? FailureReason.values()[0] : null);
        }
        clock.advance(Duration.ofMillis(500));

        Measurement m = windows.measure("survey", from, clock.instant());

        assertThat(m.requests()).isEqualTo(100);
        assertThat(m.failures()).isEqualTo(10);
        assertThat(m.errorRatePercent()).isEqualTo(10.0);
        assertThat(m.legacyErrorRatePercent()).isEqualTo(2.0);
    }

    @Test
    void percentilesAreWithinFivePercentOfAKnownDistribution() {
        Instant from = clock.instant();
        for (int ms = 1; ms <= 1000; ms++) { // uniform 1..1000 ms: p50 = 500 ms, p99 = 990 ms
            call(Side.MODERN, ms, null);
        }
        clock.advance(Duration.ofSeconds(1));

        Measurement m = windows.measure("survey", from, clock.instant());

        assertThat(m.p50().toNanos() / 1e6).isCloseTo(500, within(25.0));
        assertThat(m.p99().toNanos() / 1e6).isCloseTo(990, within(49.5));
    }

    @Test
    void aSpanOnlySeesItsOwnSecondsAndNothingOlderThanTheWindow() {
        call(Side.MODERN, 10, FailureReason.values()[0]);
        clock.advance(Duration.ofSeconds(5));
        Instant from = clock.instant();
        call(Side.MODERN, 10, null);
        call(Side.MODERN, 10, null);
        clock.advance(Duration.ofSeconds(1));

        assertThat(windows.measure("survey", from, clock.instant()).requests()).isEqualTo(2);
        assertThat(windows.measure("survey", from.minusSeconds(10), clock.instant()).requests()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(61));
        assertThat(windows.measure("survey", from.minusSeconds(100), clock.instant()).requests()).isZero();
    }

    @Test
    void aSlotIsRecycledForANewSecondWithoutKeepingOldCounts() {
        call(Side.MODERN, 10, null);
        clock.advance(Duration.ofSeconds(60)); // same slot of the 60-second ring
        Instant from = clock.instant();
        call(Side.MODERN, 10, FailureReason.values()[0]);
        clock.advance(Duration.ofMillis(10));

        Measurement m = windows.measure("survey", from, clock.instant());
        assertThat(m.requests()).isEqualTo(1);
        assertThat(m.failures()).isEqualTo(1);
    }

    @Test
    void theViewGivesTheServedSplitAndEachSidesNumbers() {
        for (int i = 0; i < 3; i++) {
            served(Side.MODERN);
        }
        served(Side.LEGACY);
        call(Side.MODERN, 100, null);
        call(Side.MODERN, 100, FailureReason.values()[0]);
        clock.advance(Duration.ofMillis(100));

        TrafficWindows.RouteTraffic view = windows.view("survey", Duration.ofSeconds(10));

        assertThat(view.window()).isEqualTo("10s");
        assertThat(view.modernShare()).isEqualTo(75.0);
        assertThat(view.modern().requests()).isEqualTo(2);
        assertThat(view.modern().failures()).isEqualTo(1);
        assertThat(view.modern().errorRate()).isEqualTo(50.0);
        assertThat(view.modern().p99Ms()).isCloseTo(100, within(5.0));
        assertThat(view.legacy().requests()).isZero();
    }

    @Test
    void unknownAndRemovedRoutesMeasureNothing() {
        call(Side.MODERN, 10, null);
        windows.retainRoutes(List.of("other"));
        clock.advance(Duration.ofMillis(10));

        assertThat(windows.measure("survey", clock.instant().minusSeconds(5), clock.instant()).requests()).isZero();
        assertThat(windows.view("nope", Duration.ofSeconds(5)).modern().requests()).isZero();
    }

    @Test
    void rejectsAWindowOutsideItsBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficWindows(Duration.ofSeconds(5), clock))
                .withMessage("ficus.traffic.window: PT5S (expected: whole seconds, 10s..1h)");
        assertThatIllegalArgumentException().isThrownBy(() -> new TrafficWindows(Duration.ofMillis(10_500), clock));
    }

    @Test
    void latencyBucketsAreTenPercentApartAndCoverOneMillisecondToAMinute() {
        assertThat(TrafficWindows.bucketOf(0)).isZero();
        assertThat(TrafficWindows.bucketOf(Duration.ofMinutes(5).toNanos())).isEqualTo(TrafficWindows.LATENCY_BUCKETS - 1);
        for (long ms : new long[] {2, 17, 200, 1500, 30_000}) {
            long middle = TrafficWindows.middleOf(TrafficWindows.bucketOf(Duration.ofMillis(ms).toNanos()));
            assertThat(middle / 1e6).isCloseTo(ms, within(ms * 0.05));
        }
    }

    private void call(Side side, long millis, FailureReason failure) {
        windows.onUpstreamCall(new UpstreamCall("survey", side, Duration.ofMillis(millis).toNanos(), failure,
                failure == null ? 200 : 500));
    }

    private void served(Side side) {
        windows.onRequest(new CompletedRequest(null, "survey", "GET", null, side, null, 200, Outcome.SUCCESS, 0, 0, 0));
    }
}
