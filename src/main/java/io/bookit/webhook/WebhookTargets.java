package io.bookit.webhook;

import io.bookit.common.ProblemException;
import io.bookit.common.Workers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: which URLs an endpoint may have and which addresses a delivery may connect to. Outside dev and test
 * only {@code https}; never a loopback, link-local, private (RFC 1918, unique-local, carrier-grade NAT), multicast or
 * unspecified address, unless {@code bookit.webhooks.allow-private-targets=true} (which also allows {@code http}).
 * The host is resolved again at every send and the request goes to the address that was checked, so a name that
 * resolved to a public address when the endpoint was saved cannot be pointed at an internal one later (DNS rebinding).
 */
@ApplicationScoped
class WebhookTargets {

    static final int MAX_URL_LENGTH = 2048;

    /** A send the guard refused: recorded on the delivery as a failed attempt. */
    static final class RefusedTarget extends RuntimeException {
        RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowPrivate;
    private final boolean allowPlainHttp;

    @Inject
    WebhookTargets(WebhookConfig config) {
        this(config.allowPrivateTargets(), LaunchMode.current().isDevOrTest());
        if (allowPrivate && !LaunchMode.current().isDevOrTest()) {
            Log.warn("bookit.webhooks.allow-private-targets=true: organizer webhooks may reach internal addresses "
                    + "and use plain http; only for receivers on a trusted network");
        }
    }

    WebhookTargets(boolean allowPrivate, boolean devOrTest) {
        this.allowPrivate = allowPrivate;
        this.allowPlainHttp = allowPrivate || devOrTest;
    }

    /** An endpoint's URL as given: a 400 problem (field {@code url}) unless it may be saved. Resolves no name. */
    URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProblemException.validation("url", "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw ProblemException.validation("url", "must be an absolute http(s) URL with a host");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPlainHttp)) {
            throw ProblemException.validation("url", allowPlainHttp ? "must be http or https" : "must be https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ProblemException.validation("url", "must not contain credentials or a fragment");
        }
        if (uri.toString().length() > MAX_URL_LENGTH) {
            throw ProblemException.validation("url", "longer than " + MAX_URL_LENGTH + " characters");
        }
        return uri;
    }

    /** Resolves the URL's host on a worker thread and answers the address to connect to, or fails RefusedTarget. */
    Uni<InetAddress> resolve(URI uri) {
        return Workers.call(() -> addressFor(uri.getHost()));
    }

    /** Blocking: every address of the host must be allowed (one bad answer refuses the send); answers the first. */
    InetAddress addressFor(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    throw new RefusedTarget("the host " + host + " resolves to " + address.getHostAddress()
                            + ", a loopback, link-local or private address");
                }
            }
        }
        return addresses[0];
    }

    boolean allowsPrivate() {
        return allowPrivate;
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this" network
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64.0.0/10
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) { // unique local fc00::/7
                return true;
            }
            if (isMappedOrCompatibleV4(bytes)) { // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address
                try {
                    return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
    }
}
