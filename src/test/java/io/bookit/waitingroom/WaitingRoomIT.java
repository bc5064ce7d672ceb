package io.bookit.waitingroom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.bookit.support.Fixtures.Account;
import io.bookit.support.TwoInstances;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances share one waiting room: one queue whichever instance a shopper reaches, one
 * admission rate and one cap although both run admissions, and a token from one admits on the other.
 */
class WaitingRoomIT {

    static TwoInstances instances;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        instances = TwoInstances.start("room", Map.of("BOOKIT_WAITING_ROOM_ADMISSION_INTERVAL", "200ms"));
        RestAssured.port = instances.portA;
    }

    @AfterAll
    static void stopInstances() throws Exception {
        if (instances != null) {
            instances.close();
        }
        RestAssured.reset();
    }

    @Test
    void bothInstancesServeOneQueueAtOneRate() {
        List<Account> joiners = WaitingRoomTest.accounts(8);
        Account organizer = Fixtures.organizer();
        String eventId = WaitingRoomTest.roomEvent(organizer, 20, 120, 100, 2,
                Instant.now().plus(1, ChronoUnit.HOURS)); // 2 a second from the start, once everyone is in
        List<String> queueIds = new ArrayList<>();
        for (int i = 0; i < joiners.size(); i++) {
            Account joiner = joiners.get(i);
            String queueId = on(i % 2 == 0 ? instances.portA : instances.portB, joiner)
                    .post("/api/events/" + eventId + "/queue").then().statusCode(201).extract().path("queueId");
            queueIds.add(queueId);
            // joining again through the other instance answers the same entry
            on(i % 2 == 0 ? instances.portB : instances.portA, joiner).post("/api/events/" + eventId + "/queue")
                    .then().statusCode(201).body("queueId", equalTo(queueId));
        }
        // two instances admitting do not admit twice as fast
        WaitingRoomTest.startSalesNow(organizer, eventId);
        WaitingRoomTest.assertAdmittedAtTwoASecond(() -> entries(joiners, queueIds));

        // a token issued through B admits a hold through A
        String token = status(instances.portB, joiners.get(0), queueIds.get(0)).extract().path("admissionToken");
        on(instances.portA, joiners.get(0)).header("X-Admission-Token", token)
                .body(Map.of("seats", List.of("ORCH-A-1"))).post("/api/events/" + eventId + "/holds")
                .then().statusCode(201);
    }

    @Test
    void theCapOfActiveShoppersHoldsAcrossInstances() throws Exception {
        String eventId = WaitingRoomTest.roomEvent(Fixtures.organizer(), 20, 6_000, 2, 1, null);
        List<Account> joiners = new ArrayList<>();
        List<String> queueIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Account joiner = Fixtures.attendee();
            joiners.add(joiner);
            queueIds.add(on(i % 2 == 0 ? instances.portA : instances.portB, joiner)
                    .post("/api/events/" + eventId + "/queue").then().statusCode(201).extract().path("queueId"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(statuses(joiners, queueIds)).filteredOn("ADMITTED"::equals).hasSize(2));
        // and it stays there while both instances' admission ticks pass
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(statuses(joiners, queueIds)).filteredOn("ADMITTED"::equals).hasSize(2));
    }

    private static io.restassured.specification.RequestSpecification on(int port, Account account) {
        return given().port(port).header("Authorization", "Bearer " + account.token()).contentType("application/json");
    }

    private static ValidatableResponse status(int port, Account account, String queueId) {
        return on(port, account).get("/api/queue/" + queueId).then().statusCode(200);
    }

    /** Queue entries read alternately through both instances. */
    private static List<JsonPath> entries(List<Account> accounts, List<String> queueIds) {
        List<JsonPath> entries = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            int port = i % 2 == 0 ? instances.portB : instances.portA;
            entries.add(status(port, accounts.get(i), queueIds.get(i)).extract().jsonPath());
        }
        return entries;
    }

    /** Statuses read alternately through both instances. */
    private static List<String> statuses(List<Account> accounts, List<String> queueIds) {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            int port = i % 2 == 0 ? instances.portB : instances.portA;
            statuses.add(status(port, accounts.get(i), queueIds.get(i)).extract().path("status"));
        }
        return statuses;
    }
}
