package io.seckill.admin.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** /v3/api-docs documents every admin endpoint with the bearer scheme; the docs are off outside the dev profile. */
class OpenApiDocumentTest extends AdminApiTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentListsEveryAdminEndpointAndDeclaresTheBearerScheme() {
        Http.Response docs = http().get("/v3/api-docs", null);
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        JsonNode api = docs.json();

        Set<String> documented = new TreeSet<>();
        api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                documented.add(operation.getKey().toUpperCase() + " " + path.getKey().replaceAll("\\{[^}]+}", "{id}"))));
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> mapped.add(m.name() + " " + p.replaceAll("\\{[^}]+}", "{id}")))));
        assertThat(documented).isEqualTo(mapped);

        JsonNode scheme = api.path("components").path("securitySchemes").path(OpenApiConfig.BEARER);
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(api.path("security").get(0).has(OpenApiConfig.BEARER)).isTrue();
        assertThat(api.path("paths").path("/api/admin/auth/login").path("post").path("security").isEmpty()).isTrue();
    }

    @Test
    void theDocsAreOffByDefaultAndOnInTheDevProfile() throws IOException {
        assertThat(yaml("application.yml").getProperty("springdoc.api-docs.enabled")).isEqualTo(false);
        assertThat(yaml("application.yml").getProperty("springdoc.swagger-ui.enabled")).isEqualTo(false);
        assertThat(yaml("application-dev.yml").getProperty("springdoc.api-docs.enabled")).isEqualTo(true);
        assertThat(yaml("application-dev.yml").getProperty("springdoc.swagger-ui.enabled")).isEqualTo(true);
    }

    private static PropertySource<?> yaml(String name) throws IOException {
        return new YamlPropertySourceLoader().load(name, new ClassPathResource(name)).get(0);
    }
}
