package dev.ficus.gateway.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Runtime state and audit log in {@code ficus.state.dir}, and their restoration at startup. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(RuntimeStateStore.class)
    FileRuntimeStateStore fileRuntimeStateStore(StateProperties properties, ObjectMapper json) {
        return new FileRuntimeStateStore(properties.directory(), json);
    }

    @Bean
    @ConditionalOnMissingBean(AuditLog.class)
    FileAuditLog fileAuditLog(StateProperties properties, ObjectMapper json) {
        return new FileAuditLog(properties.directory(), json);
    }

    @Bean
    StateRestorer stateRestorer(RuntimeStateStore store, AuditLog audit, StateProperties properties,
            ObjectProvider<Clock> clock) {
        return new StateRestorer(store, audit, properties.onCorrupt(), clock.getIfAvailable(Clock::systemUTC));
    }
}
