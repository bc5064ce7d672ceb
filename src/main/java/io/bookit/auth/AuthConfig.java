package io.bookit.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "bookit.auth")
public interface AuthConfig {

    /** bcrypt cost factor (log2 rounds). 10 is about 60 ms a hash here; tests lower it. */
    @WithDefault("10")
    int bcryptCost();

    /** Lifetime of issued access tokens. */
    @WithDefault("1H")
    Duration tokenLifespan();
}
