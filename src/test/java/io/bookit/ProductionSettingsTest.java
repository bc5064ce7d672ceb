package io.bookit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.ticket.TicketsConfig;
import io.bookit.waitingroom.WaitingRoomConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production start's checks, with the settings as inputs (ProductionStartIT starts the packaged app itself). */
class ProductionSettingsTest {

    static final String SECRET = "dGVzdC1vbmx5LWFkbWlzc2lvbi1zZWNyZXQtMzJieXQ=";
    static final String KEY = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    static ProductionSettings.Settings complete() {
        return new ProductionSettings.Settings(SECRET, KEY, true, true, "stripe", false, true, true);
    }

    @Test
    void productionWithEverySettingSetStarts() {
        assertThat(ProductionSettings.missing(complete())).isEmpty();
    }

    @Test
    void theDevelopmentDefaultsAndMissingKeysAreEachOneLineSayingWhatToSet() {
        List<String> missing = ProductionSettings.missing(new ProductionSettings.Settings(
                WaitingRoomConfig.DEV_TOKEN_SECRET, TicketsConfig.DEV_KEY_ENCRYPTION_KEY, false, false, "simulated",
                false, false, false));
        assertThat(missing).hasSize(5);
        assertThat(missing.get(0)).startsWith("BOOKIT_WAITING_ROOM_TOKEN_SECRET (bookit.waiting-room.token-secret)");
        assertThat(missing.get(1)).startsWith("BOOKIT_TICKETS_KEY_ENCRYPTION_KEY (bookit.tickets.key-encryption-key)");
        assertThat(missing.get(2)).startsWith("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        assertThat(missing.get(3)).startsWith("SMALLRYE_JWT_SIGN_KEY_LOCATION");
        assertThat(missing.get(4)).startsWith("BOOKIT_PAYMENTS_PROVIDER=stripe").contains("BOOKIT_PAYMENTS_ALLOW_SIMULATED=true");
        assertThat(missing).allSatisfy(line -> assertThat(line).doesNotContain("\n"));

        assertThat(ProductionSettings.refusal(missing).getMessage().lines())
                .hasSize(7).first().isEqualTo(ProductionSettings.HEADLINE);
    }

    @Test
    void theDevelopmentValuesAreRefusedEvenWhenSetExplicitlyAndBlankOnesToo() {
        assertThat(ProductionSettings.missing(new ProductionSettings.Settings(" " + WaitingRoomConfig.DEV_TOKEN_SECRET
                + "\n", " ", true, true, "stripe", false, true, true)))
                .hasSize(2);
    }

    @Test
    void simulatedPaymentsNeedTheLoadTestSwitchAndStripeNeedsItsKeys() {
        assertThat(ProductionSettings.missing(new ProductionSettings.Settings(SECRET, KEY, true, true, "simulated",
                true, false, false))).isEmpty();
        assertThat(ProductionSettings.missing(new ProductionSettings.Settings(SECRET, KEY, true, true, "stripe",
                false, false, true))).singleElement().asString().startsWith("BOOKIT_STRIPE_API_KEY");
        assertThat(ProductionSettings.missing(new ProductionSettings.Settings(SECRET, KEY, true, true, "stripe",
                false, true, false))).singleElement().asString().startsWith("BOOKIT_STRIPE_WEBHOOK_SECRET");
    }

    @Test
    void aSingleMissingJwtKeyIsNamed() {
        assertThat(ProductionSettings.missing(new ProductionSettings.Settings(SECRET, KEY, true, false, "stripe",
                false, true, true))).singleElement().asString().startsWith("SMALLRYE_JWT_SIGN_KEY_LOCATION");
    }
}
