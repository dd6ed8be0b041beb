package dev.ficus.bench.scg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stock Spring Cloud Gateway: every route comes from application.yml, no custom code. */
@SpringBootApplication
public class ScgBaselineApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScgBaselineApplication.class, args);
    }
}
