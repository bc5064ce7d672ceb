package io.bookit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests that {@code ./mvnw package} generates (quarkus-kubernetes, target/kubernetes/kubernetes.yml,
 * with src/main/kubernetes/kubernetes.yml merged in), checked as a cluster would need them: no cluster is at hand, so
 * this reads the YAML. A failsafe IT because the file exists only after packaging.
 */
class KubernetesManifestIT {

    static final File MANIFEST = new File("target/kubernetes/kubernetes.yml");
    static final Map<String, JsonNode> byKind = new HashMap<>();

    @BeforeAll
    static void read() throws Exception {
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(MANIFEST)) {
            for (JsonNode document : documents.readAll()) {
                if (document != null && document.has("kind")) {
                    assertThat(byKind.put(document.path("kind").asText(), document)).as("one " + document.path("kind"))
                            .isNull();
                }
            }
        }
    }

    @Test
    void theDeploymentRunsTwoInstancesWithResourcesAndRollsOneAtATimeWithoutLosingOne() {
        JsonNode deployment = byKind.get("Deployment");
        assertThat(deployment.at("/apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(deployment.at("/metadata/name").asText()).isEqualTo("bookit");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode container = container(deployment);
        assertThat(container.at("/image").asText()).contains("bookit");
        assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
        // the selector picks the pod template's labels
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        deployment.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
    }

    @Test
    void readinessAndLivenessAskTheHealthChecksOnTheManagementPort() {
        JsonNode container = container(byKind.get("Deployment"));
        Map<String, Integer> ports = new HashMap<>();
        container.at("/ports").forEach(port -> ports.put(port.path("name").asText(), port.path("containerPort").asInt()));
        assertThat(ports).containsEntry("http", 8080).containsEntry("management", 9000);
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            JsonNode get = container.at("/" + probe + "/httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(probe.equals("readinessProbe")
                    ? "/q/health/ready" : "/q/health/live");
            JsonNode port = get.path("port");
            assertThat(port.isInt() ? port.asInt() : ports.get(port.asText())).as(probe + " port").isEqualTo(9000);
        }
        // the balancer (the Service's endpoints) hears of a drain within a few seconds of quarkus.shutdown.delay (5 s)
        JsonNode readiness = container.at("/readinessProbe");
        assertThat(readiness.path("periodSeconds").asInt() * readiness.path("failureThreshold").asInt()).isLessThan(5);
    }

    @Test
    void theSecretsComeFromSecretsAndTheSettingsFromTheConfigMap() {
        JsonNode deployment = byKind.get("Deployment");
        JsonNode container = container(deployment);
        Map<String, JsonNode> env = new HashMap<>();
        container.at("/env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        for (Map.Entry<String, String> secret : Map.of("QUARKUS_DATASOURCE_PASSWORD", "db-password",
                "BOOKIT_WAITING_ROOM_TOKEN_SECRET", "waiting-room-token-secret",
                "BOOKIT_TICKETS_KEY_ENCRYPTION_KEY", "tickets-key-encryption-key").entrySet()) {
            JsonNode ref = env.get(secret.getKey()).at("/valueFrom/secretKeyRef");
            assertThat(ref.path("name").asText()).as(secret.getKey()).isEqualTo("bookit-secrets");
            assertThat(ref.path("key").asText()).as(secret.getKey()).isEqualTo(secret.getValue());
        }
        // the JWT key pair: files from the Secret bookit-jwt-keys, mounted read-only where the settings point
        assertThat(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").path("value").asText()).isEqualTo("/deployments/jwt/public.pem");
        assertThat(env.get("SMALLRYE_JWT_SIGN_KEY_LOCATION").path("value").asText()).isEqualTo("/deployments/jwt/private.pem");
        List<String> secretVolumes = new ArrayList<>();
        deployment.at("/spec/template/spec/volumes").forEach(volume -> {
            if (volume.at("/secret/secretName").asText().equals("bookit-jwt-keys")) {
                secretVolumes.add(volume.path("name").asText());
            }
        });
        assertThat(secretVolumes).hasSize(1);
        List<JsonNode> mounts = new ArrayList<>();
        container.at("/volumeMounts").forEach(mount -> {
            if (mount.path("name").asText().equals(secretVolumes.get(0))) {
                mounts.add(mount);
            }
        });
        assertThat(mounts).singleElement().satisfies(mount -> {
            assertThat(mount.path("mountPath").asText()).isEqualTo("/deployments/jwt");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
        });
        List<String> configMaps = new ArrayList<>();
        container.at("/envFrom").forEach(from -> configMaps.add(from.at("/configMapRef/name").asText()));
        assertThat(configMaps).contains("bookit-config");
        // no secret value is written into the manifest
        assertThat(container.at("/env").toString()).doesNotContain("BEGIN").doesNotContain("dGVzdC1vbmx5");
    }

    @Test
    void anAutoscalerAndADisruptionBudgetKeepAtLeastOneInstanceServing() {
        JsonNode autoscaler = byKind.get("HorizontalPodAutoscaler");
        assertThat(autoscaler.at("/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(autoscaler.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(autoscaler.at("/spec/scaleTargetRef/name").asText()).isEqualTo("bookit");
        assertThat(autoscaler.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(autoscaler.at("/spec/maxReplicas").asInt()).isGreaterThan(autoscaler.at("/spec/minReplicas").asInt());
        JsonNode budget = byKind.get("PodDisruptionBudget");
        assertThat(budget.at("/apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        JsonNode podLabels = byKind.get("Deployment").at("/spec/template/metadata/labels");
        budget.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
                assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
    }

    @Test
    void itAppliesToAPlainClusterAndSelectsPodsAcrossReleases() {
        // only built-in kinds: no operator's custom resources, no migration Job with a wait-for init container
        assertThat(byKind.keySet()).doesNotContain("ServiceMonitor", "Job");
        assertThat(byKind.get("Deployment").at("/spec/template/spec/initContainers").isMissingNode()).isTrue();
        // so the instances migrate the schema at start, as everywhere else (Flyway takes a lock)
        assertThat(container(byKind.get("Deployment")).at("/env").toString()).doesNotContain("QUARKUS_FLYWAY_ACTIVE");
        // a Deployment's selector cannot change: it must not name the version that every release changes
        for (String kind : List.of("Deployment", "PodDisruptionBudget")) {
            assertThat(byKind.get(kind).at("/spec/selector/matchLabels").has("app.kubernetes.io/version")).as(kind)
                    .isFalse();
        }
        assertThat(byKind.get("Service").at("/spec/selector").has("app.kubernetes.io/version")).isFalse();
    }

    @Test
    void theServiceExposesTheApiButNotTheManagementPort() {
        JsonNode service = byKind.get("Service");
        List<Integer> targets = new ArrayList<>();
        service.at("/spec/ports").forEach(port -> targets.add(port.path("targetPort").asInt()));
        assertThat(targets).contains(8080).doesNotContain(9000);
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }
}
