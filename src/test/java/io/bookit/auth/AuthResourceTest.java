package io.bookit.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthResourceTest {

    static final String VENUE = """
            {"name":"x","address":"y","timezone":"UTC",
             "sections":[{"key":"A","name":"A","kind":"GENERAL_ADMISSION","capacity":5}]}""";

    @Test
    void registerCreatesAnAttendeeByDefaultAndLoginIssuesABearerToken() {
        String email = "Someone-" + UUID.randomUUID() + "@Example.test";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "long-enough", "displayName", "Someone"))
                .post("/api/auth/register")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("email", equalTo(email.toLowerCase()))
                .body("roles", hasItem("ATTENDEE"))
                .body("$", not(hasKey("passwordHash")));

        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "long-enough"))
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600))
                .body("accessToken", notNullValue());
    }

    @Test
    void registeringATakenEmailIsAConflict() {
        Fixtures.Account existing = Fixtures.attendee();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", existing.email().toUpperCase(), "password", "long-enough", "displayName", "Dup"))
                .post("/api/auth/register")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/email-taken"));
    }

    @Test
    void registrationValidatesEveryField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", "short", "displayName", "", "role", "ADMIN"))
                .post("/api/auth/register")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/validation"))
                .body("errors.field", hasItems("email", "password", "displayName", "role"));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        Fixtures.Account account = Fixtures.attendee();
        for (String email : new String[] { account.email(), "nobody-" + UUID.randomUUID() + "@example.test" }) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-password"))
                    .post("/api/auth/login")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://bookit.dev/problems/invalid-credentials"));
        }
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .post("/api/auth/login")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/malformed-request"))
                .body("detail", notNullValue());
    }

    @Test
    void missingExpiredTamperedAndWrongRoleTokensAreRejected() {
        Fixtures.Account organizer = Fixtures.organizer();

        given().contentType(ContentType.JSON).body(VENUE).post("/api/venues")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));

        String expired = Jwt.subject(organizer.id()).claim("email", organizer.email()).claim("name", "x")
                .groups(Set.of(Role.ORGANIZER)).issuedAt(1_000_000L).expiresAt(1_000_100L).sign();
        given().header("Authorization", "Bearer " + expired).contentType(ContentType.JSON).body(VENUE)
                .post("/api/venues").then().statusCode(401).contentType("application/problem+json");

        String[] parts = organizer.token().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.replace(Role.ORGANIZER, Role.ADMIN).getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", "Bearer " + parts[0] + "." + forged + "." + parts[2])
                .contentType(ContentType.JSON).body(VENUE)
                .post("/api/venues").then().statusCode(401).contentType("application/problem+json");

        Fixtures.attendee().as().body(VENUE).post("/api/venues")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/forbidden"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/auth/login").then().statusCode(405).contentType("application/problem+json");
    }
}
