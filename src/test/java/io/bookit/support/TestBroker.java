package io.bookit.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local RabbitMQ as the tests use it: each build works in a virtual host of its own, so that tests never touch
 * the broker's default vhost {@code /} nor another build's queues. The vhost is
 * {@code -Dmp.messaging.connector.smallrye-rabbitmq.virtual-host=...} when given, else {@code bookit-test}; it is
 * created (with permissions for {@code guest}) when missing, as {@link LocalServices} creates the test database:
 * with {@code rabbitmqctl} where it is installed, else through the management API on port 15672 (the broker of
 * {@code src/main/docker/compose.yml}). The broker is the app's default, 127.0.0.1:5672.
 */
public final class TestBroker {

    public static final String VHOST_PROPERTY = "mp.messaging.connector.smallrye-rabbitmq.virtual-host";

    private TestBroker() {
    }

    public static String vhost() {
        String vhost = System.getProperty(VHOST_PROPERTY, "bookit-test");
        if (!vhost.matches("/|[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Unsafe RabbitMQ vhost name " + vhost);
        }
        return vhost;
    }

    public static String host() {
        return "127.0.0.1";
    }

    public static int port() {
        return 5672;
    }

    /** A plain AMQP connection to this build's vhost (not through the app), for tests that look at the broker. */
    public static Connection connect() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host());
        factory.setPort(port());
        factory.setVirtualHost(vhost());
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(5_000);
        return factory.newConnection("bookit-tests");
    }

    /**
     * How many consumers the queue of this build's vhost has now (the app's own counts as one). A second one is another
     * process started with the same vhost (a build without its own {@link #VHOST_PROPERTY}): it takes a share of the
     * messages and drops those of orders its database does not know.
     */
    public static int consumers(String queue) throws IOException, TimeoutException {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getConsumerCount();
        }
    }

    /** Creates this build's vhost when guest cannot open it yet (it is missing, or guest has no permissions). */
    public static void ensureVhost() {
        try (Connection ignored = connect()) {
            return;
        } catch (IOException | TimeoutException missing) {
            String vhost = vhost();
            // add_vhost fails when the vhost exists and only guest's permissions were missing: set_permissions follows
            if (rabbitmqctl(false, "add_vhost", vhost)) {
                rabbitmqctl(true, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
            } else {
                createThroughManagementApi(vhost);
            }
        }
        try (Connection ignored = connect()) {
            // ready
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("Cannot open RabbitMQ vhost " + vhost() + " on " + host() + ":" + port()
                    + " (is RabbitMQ running? see README)", e);
        }
    }

    /** Runs rabbitmqctl; answers false when it is not installed. */
    private static boolean rabbitmqctl(boolean mustSucceed, String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "--quiet"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + " (is RabbitMQ running? see README)");
            }
            return true;
        } catch (IOException notInstalled) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void createThroughManagementApi(String vhost) {
        String base = "http://" + host() + ":15672/api/";
        String name = URLEncoder.encode(vhost, StandardCharsets.UTF_8);
        put(base + "vhosts/" + name, "{}");
        put(base + "permissions/" + name + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    private static void put(String url, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException("PUT " + url + " answered " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Neither rabbitmqctl nor the RabbitMQ management API (" + url + ") is there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
