/**
 * What operators see: the traffic events every observer reads ({@link dev.ficus.gateway.observability.TrafficObserver}),
 * metrics, access log, tracing and health.
 */
package dev.ficus.gateway.observability;
