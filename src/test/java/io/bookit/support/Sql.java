package io.bookit.support;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL behind the app's back, for steps that have no endpoint or that a test must hide from the app. */
public final class Sql {

    private Sql() {
    }

    /** Runs one update; string parameters that look like UUIDs are bound as UUIDs. Answers the row count. */
    public static int update(AgroalDataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row a query answers, as strings (parameters bound as in {@link #update}). */
    public static List<String> column(AgroalDataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one query that answers a single number (a count, a sum); parameters as in {@link #update}. */
    public static long number(AgroalDataSource dataSource, String sql, Object... params) {
        return Long.parseLong(column(dataSource, sql, params).get(0));
    }

    /** How many outbox messages of the topic ({@code order.refunded}, ...) name the order. */
    public static long orderMessages(AgroalDataSource dataSource, String orderId, String topic) {
        return number(dataSource, "SELECT count(*) FROM outbox_message WHERE topic = ? "
                + "AND payload::jsonb ->> 'orderId' = CAST(? AS text)", topic, orderId);
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i] instanceof String s && isUuid(s) ? UUID.fromString(s) : params[i]);
        }
    }

    private static boolean isUuid(String value) {
        return value.length() == 36 && value.charAt(8) == '-';
    }
}
