package io.bookit.support;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local RabbitMQ as the tests use it: each build works in a virtual host of its own, so that tests never touch
 * the broker's default vhost {@code /} nor another build's queues. The vhost is
 * {@code -Dmp.messaging.connector.smallrye-rabbitmq.virtual-host=...} when given, else {@code bookit-test}; it is
 * created (with permissions for {@code guest}) when missing, as {@link LocalServices} creates the test database.
 * The broker is the app's default, 127.0.0.1:5672.
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

    /** Creates this build's vhost when guest cannot open it yet (it is missing, or guest has no permissions). */
    public static void ensureVhost() {
        try (Connection ignored = connect()) {
            return;
        } catch (IOException | TimeoutException missing) {
            String vhost = vhost();
            rabbitmqctl(false, "add_vhost", vhost); // fails when it exists (guest may lack permissions only)
            rabbitmqctl(true, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        }
        try (Connection ignored = connect()) {
            // ready
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("Cannot open RabbitMQ vhost " + vhost() + " on " + host() + ":" + port()
                    + " (is RabbitMQ running? see README)", e);
        }
    }

    private static void rabbitmqctl(boolean mustSucceed, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "--quiet"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
