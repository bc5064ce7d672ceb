package io.bookit.support;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** SQL behind the app's back, for steps that have no endpoint or that a test must hide from the app. */
public final class Sql {

    private Sql() {
    }

    /** Runs one update; string parameters that look like UUIDs are bound as UUIDs. Answers the row count. */
    public static int update(AgroalDataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i] instanceof String s && isUuid(s) ? UUID.fromString(s) : params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isUuid(String value) {
        return value.length() == 36 && value.charAt(8) == '-';
    }
}
