package dev.ficus.gateway.observability;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class SpanProcessorWithoutExporterTests {

    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @Test
    void removesTheBatchProcessorWhenNoExporterIsDefined() {
        beans.registerBeanDefinition(SpanProcessorWithoutExporter.BEAN, new RootBeanDefinition(BatchSpanProcessor.class));

        new SpanProcessorWithoutExporter().postProcessBeanFactory(beans);

        assertThat(beans.containsBeanDefinition(SpanProcessorWithoutExporter.BEAN)).isFalse();
    }

    @Test
    void keepsItWhenAnExporterIsDefined() {
        beans.registerBeanDefinition(SpanProcessorWithoutExporter.BEAN, new RootBeanDefinition(BatchSpanProcessor.class));
        beans.registerBeanDefinition("otlpHttpSpanExporter", new RootBeanDefinition(InMemorySpanExporter.class));

        new SpanProcessorWithoutExporter().postProcessBeanFactory(beans);

        assertThat(beans.containsBeanDefinition(SpanProcessorWithoutExporter.BEAN)).isTrue();
    }
}
