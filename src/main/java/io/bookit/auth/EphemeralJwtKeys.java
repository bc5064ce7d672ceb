package io.bookit.auth;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * When no JWT keys are configured, an instance signs and verifies with a key pair made at start, so that a bare
 * {@code java -jar} works. Such tokens die with the instance and are not accepted by other instances: production
 * sets {@code mp.jwt.verify.publickey.location} and {@code smallrye.jwt.sign.key.location} (docs/CONFIGURATION.md).
 */
public class EphemeralJwtKeys implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EphemeralJwtKeys.class);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (buildOrDevTooling()) {
            return List.of();
        }
        if (configured(context, "mp.jwt.verify.publickey.location") || configured(context, "mp.jwt.verify.publickey")
                || configured(context, "smallrye.jwt.sign.key.location") || configured(context, "smallrye.jwt.sign.key")) {
            return List.of();
        }
        LOG.warn("No JWT keys configured: signing with a key pair made for this run only. Tokens end with this "
                + "process and other instances reject them. Set mp.jwt.verify.publickey.location and "
                + "smallrye.jwt.sign.key.location in production.");
        KeyPair keys = generate();
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(new PropertiesConfigSource(Map.of(
                "mp.jwt.verify.publickey", base64.encodeToString(keys.getPublic().getEncoded()),
                "smallrye.jwt.sign.key", base64.encodeToString(keys.getPrivate().getEncoded())),
                "bookit-ephemeral-jwt-keys", 50));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /**
     * Quarkus also runs config factories while it builds the application (and in dev mode and tests, where the
     * build runs in the same process) and records what they return into the packaged jar, where a baked-in key
     * would then win over the operator's key files. So make keys only in a packaged application: there the
     * build-time classes are absent. Dev and test get keys from smallrye-jwt itself or from the test resources.
     */
    private static boolean buildOrDevTooling() {
        try {
            Class.forName("io.quarkus.deployment.Capabilities", false, EphemeralJwtKeys.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean configured(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
