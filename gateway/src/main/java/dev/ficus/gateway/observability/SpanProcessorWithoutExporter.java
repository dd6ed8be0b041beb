package dev.ficus.gateway.observability;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Removes Spring Boot's {@code otelSpanProcessor} (a {@code BatchSpanProcessor}) before it is created when no span
 * exporter is defined, which is Ficus's default: spans are exported only once
 * {@code management.otlp.tracing.endpoint} is set. Without an exporter the processor still queued every sampled span
 * for a worker thread that handed it to nobody, and its creation (the worker thread, its queue) was part of every
 * start. Trace context (ids, {@code traceparent} upstream, the access log's {@code traceId}) does not depend on it.
 * With an exporter (OTLP endpoint set, or a test's in-memory one) nothing changes.
 */
final class SpanProcessorWithoutExporter implements BeanFactoryPostProcessor {

    static final String BEAN = "otelSpanProcessor";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(BEAN)
                && beanFactory.getBeanNamesForType(SpanExporter.class, true, false).length == 0) {
            registry.removeBeanDefinition(BEAN);
        }
    }
}
