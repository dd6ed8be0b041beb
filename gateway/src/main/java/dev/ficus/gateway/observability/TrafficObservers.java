package dev.ficus.gateway.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Fans events out to every {@link TrafficObserver}; an observer that throws is logged, never the request's problem. */
public final class TrafficObservers {

    private static final Logger log = LoggerFactory.getLogger(TrafficObservers.class);

    private final TrafficObserver[] observers;

    public TrafficObservers(List<? extends TrafficObserver> observers) {
        this.observers = observers.toArray(TrafficObserver[]::new);
    }

    public static TrafficObservers none() {
        return new TrafficObservers(List.of());
    }

    public void upstreamCall(UpstreamCall call) {
        for (TrafficObserver observer : observers) {
            try {
                observer.onUpstreamCall(call);
            }
            catch (RuntimeException e) {
                log.warn("Traffic observer {} failed on an upstream call of route {}", observer, call.routeId(), e);
            }
        }
    }

    public void request(CompletedRequest request) {
        for (TrafficObserver observer : observers) {
            try {
                observer.onRequest(request);
            }
            catch (RuntimeException e) {
                log.warn("Traffic observer {} failed on a request of route {}", observer, request.routeId(), e);
            }
        }
    }
}
