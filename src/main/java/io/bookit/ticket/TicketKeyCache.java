package io.bookit.ticket;

import io.bookit.common.DbTime;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events' Ed25519 signing keys, created lazily (one per event until rotated) and kept in memory once loaded:
 * verifying a code touches no database for an event this node has seen. An event found without keys (a forged code
 * naming an unknown event, or one that sold nothing yet) is remembered as such for the refresh interval, in a
 * bounded memory, so repeating such a code does not reach PostgreSQL either. A rotation on any node reaches the
 * others' signing within one refresh interval: a node reloads a signing key older than that before it signs.
 */
@ApplicationScoped
@Startup // checks that the key-encryption key is a usable AES key when the service starts
class TicketKeyCache {

    /** Events remembered as having no keys, at most (each entry a few dozen bytes). */
    static final int MAX_EVENTS_WITHOUT_KEYS = 100_000;

    /** What a node knows of one event's keys: every public key by id and the newest active private key. */
    record SigningKeys(UUID eventId, Map<Integer, PublicKey> publicKeys, Map<Integer, byte[]> encodedPublicKeys,
            int signingKeyId, PrivateKey signingKey, Instant loadedAt) {
    }

    private final TicketKeyRepository keys;
    private final KeyCipher cipher;
    private final TicketsConfig config;
    private final Map<UUID, SigningKeys> cache = new ConcurrentHashMap<>();
    private final Cache<UUID, Boolean> withoutKeys;

    TicketKeyCache(TicketKeyRepository keys, TicketsConfig config) {
        this.keys = keys;
        this.config = config;
        this.cipher = new KeyCipher(config.keyEncryptionKey());
        this.withoutKeys = Caffeine.newBuilder().maximumSize(MAX_EVENTS_WITHOUT_KEYS)
                .expireAfterWrite(config.keyRefreshInterval())
                .executor(Runnable::run) // evict on the caller, not on the common pool
                .build();
    }

    /** The event's keys, with a signing key (created at first use, reloaded once the copy is older than the refresh interval). */
    Uni<SigningKeys> of(UUID eventId) {
        SigningKeys known = cache.get(eventId);
        return known != null && known.signingKey() != null && !stale(known) ? Uni.createFrom().item(known)
                : load(eventId, true);
    }

    /**
     * Retires the event's signing key and makes the next one sign from now on; codes signed by the retired keys keep
     * verifying. Two rotations at once make one new key: the loser answers the winner's.
     */
    Uni<TicketKey> rotate(UUID eventId) {
        return keys.listByEvent(eventId).chain(rows -> {
            int next = rows.stream().mapToInt(k -> k.keyId).max().orElse(0) + 1;
            KeyPair pair = generate();
            return keys.rotateTo(eventId, next, pair.getPublic().getEncoded(),
                    cipher.encrypt(pair.getPrivate().getEncoded(), eventId, next),
                    DbTime.now());
        }).chain(() -> keys.listByEvent(eventId)).map(rows -> {
            remember(decode(eventId, rows));
            return rows.stream().filter(row -> row.retiredAt == null).reduce((first, second) -> second).orElseThrow();
        });
    }

    /** Every key of the event, oldest first. */
    Uni<List<TicketKey>> list(UUID eventId) {
        return keys.listByEvent(eventId);
    }

    private boolean stale(SigningKeys known) {
        return !known.loadedAt().plus(config.keyRefreshInterval()).isAfter(Instant.now());
    }

    /**
     * The public key that verifies {@code keyId}, or a null item when the event has no such key. A key id this node
     * does not know reloads the event's keys at most once per refresh interval (another node may have rotated).
     */
    Uni<PublicKey> publicKey(UUID eventId, int keyId) {
        SigningKeys known = cache.get(eventId);
        if (known != null && (known.publicKeys().containsKey(keyId) || !stale(known))) {
            return Uni.createFrom().item(known.publicKeys().get(keyId));
        }
        if (known == null && withoutKeys.getIfPresent(eventId) != null) {
            return Uni.createFrom().nullItem();
        }
        return load(eventId, false).map(loaded -> loaded.publicKeys().get(keyId));
    }

    private Uni<SigningKeys> load(UUID eventId, boolean createMissing) {
        return keys.listByEvent(eventId).chain(rows -> {
            SigningKeys loaded = decode(eventId, rows);
            if (loaded.signingKey() == null && createMissing) {
                int next = rows.stream().mapToInt(k -> k.keyId).max().orElse(0) + 1;
                return create(eventId, next).chain(() -> keys.listByEvent(eventId))
                        .map(again -> remember(decode(eventId, again)));
            }
            if (rows.isEmpty()) {
                withoutKeys.put(eventId, Boolean.TRUE); // bounded: codes naming random events cannot fill the memory
                return Uni.createFrom().item(loaded);
            }
            return Uni.createFrom().item(remember(loaded));
        });
    }

    private SigningKeys remember(SigningKeys loaded) {
        cache.put(loaded.eventId(), loaded);
        withoutKeys.invalidate(loaded.eventId());
        return loaded;
    }

    private Uni<Boolean> create(UUID eventId, int keyId) {
        KeyPair pair = generate();
        return keys.insertIfAbsent(eventId, keyId, pair.getPublic().getEncoded(),
                cipher.encrypt(pair.getPrivate().getEncoded(), eventId, keyId),
                DbTime.now());
    }

    /** The signing key is null when the event has no active key yet. */
    private SigningKeys decode(UUID eventId, List<TicketKey> rows) {
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            Map<Integer, PublicKey> publicKeys = new TreeMap<>();
            Map<Integer, byte[]> encoded = new TreeMap<>();
            TicketKey signing = null;
            for (TicketKey row : rows) {
                publicKeys.put(row.keyId, factory.generatePublic(new X509EncodedKeySpec(row.publicKey)));
                encoded.put(row.keyId, row.publicKey);
                if (row.retiredAt == null) {
                    signing = row;
                }
            }
            PrivateKey privateKey = signing == null ? null : factory.generatePrivate(new PKCS8EncodedKeySpec(
                    cipher.decrypt(signing.privateKey, eventId, signing.keyId)));
            return new SigningKeys(eventId, Collections.unmodifiableMap(publicKeys),
                    Collections.unmodifiableMap(encoded), signing == null ? 0 : signing.keyId, privateKey,
                    Instant.now());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Unreadable signing key of event " + eventId, e);
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
