package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Points the tests at the real local PostgreSQL, Redis and RabbitMQ, and creates the test database and the test
 * RabbitMQ vhost ({@link TestBroker}) when they are missing, so that {@code ./mvnw verify} needs no manual step.
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

    @Override
    public void stop() {
    }
}
