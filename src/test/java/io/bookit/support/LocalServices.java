package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Points the tests at the real local PostgreSQL, Redis and RabbitMQ, and creates the test database and the test
 * RabbitMQ vhost ({@link TestBroker}) when they are missing, so that {@code ./mvnw verify} needs no manual step.
 * The run's own Redis database is emptied whenever an app starts, as its PostgreSQL schema is cleaned then
 * ({@code %test.quarkus.flyway.clean-at-start}): no Redis state outlives the rows it was about. Database 0 is
 * {@code bin/dev}'s and is refused.
 * Override with -Dbookit.test.db=..., -Dbookit.test.redis-db=..., -Dbookit.test.pg-host=...,
 * -Dmp.messaging.connector.smallrye-rabbitmq.virtual-host=... (e.g. to run two builds side by side).
 */
public class LocalServices implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String host = System.getProperty("bookit.test.pg-host", "127.0.0.1:5432");
        String database = System.getProperty("bookit.test.db", "bookit_test");
        String redisDb = System.getProperty("bookit.test.redis-db", "1");
        String redisHost = System.getProperty("bookit.test.redis-host", "127.0.0.1:6379");
        createDatabase(host, database);
        emptyRedisDatabase(redisHost, redisDb);
        TestBroker.ensureVhost();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + "/" + database,
                "quarkus.datasource.reactive.url", "postgresql://" + host + "/" + database,
                "quarkus.redis.hosts", "redis://" + redisHost + "/" + redisDb,
                TestBroker.VHOST_PROPERTY, TestBroker.vhost());
    }

    private static void createDatabase(String host, String database) {
        if (!database.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Unsafe database name " + database);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by a parallel build
                throw new IllegalStateException("Cannot prepare test database " + database + " on " + host
                        + " (is PostgreSQL running? see README)", e);
            }
        }
    }

    static void emptyRedisDatabase(String hostAndPort, String db) {
        if (!db.matches("[1-9][0-9]?")) {
            throw new IllegalArgumentException("Tests need a Redis database of their own (1-99), not " + db
                    + ": database 0 is bin/dev's");
        }
        String[] address = hostAndPort.split(":");
        try (Socket socket = new Socket(address[0], Integer.parseInt(address[1]))) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("SELECT " + db + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String command : new String[] {"SELECT", "FLUSHDB"}) {
                String answer = in.readLine();
                if (!"+OK".equals(answer)) {
                    throw new IllegalStateException("Redis answered " + answer + " to " + command + " " + db);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach Redis at " + hostAndPort + " (is it running? see README)", e);
        }
    }

    @Override
    public void stop() {
    }
}
