package io.bookit.waitingroom;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "bookit.waiting-room")
public interface WaitingRoomConfig {

    /** The dev/test admission-token secret: public, so a production start refuses it (io.bookit.ProductionSettings). */
    String DEV_TOKEN_SECRET = "Ym9va2l0LWRldi1hZG1pc3Npb24tc2VjcmV0LW5vdC1zZWNyZXQ=";

    /** Base64 HMAC-SHA256 key (at least 32 bytes) that signs admission tokens; the same on every instance. */
    @WithDefault(DEV_TOKEN_SECRET)
    String tokenSecret();

    /** How often each instance runs admissions (they share one rate through Redis). */
    @WithDefault("1S")
    Duration admissionInterval();

    /** Places an admitted shopper is expected to take until enough of them have held (then it is measured). */
    @WithDefault("2")
    int seatsPerShopper();
}
