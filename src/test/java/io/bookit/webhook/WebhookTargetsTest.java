package io.bookit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bookit.common.ProblemException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard as production has it (private targets not allowed, not dev or test mode), with real name
 * resolution: the test profile allows local receivers, so this is where the refusals show.
 */
class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(false, false);
    private final WebhookTargets onPremise = new WebhookTargets(true, false);

    @Test
    void productionAcceptsOnlyHttpsUrls() {
        assertThat(production.parse("https://hooks.example.com/bookit?x=1")).hasHost("hooks.example.com");
        assertRefusedUrl("http://hooks.example.com/bookit", "must be https");
        assertRefusedUrl("ftp://hooks.example.com/", "must be https");
        assertRefusedUrl("hooks.example.com/bookit", "absolute");
        assertRefusedUrl("https://user:pw@hooks.example.com/", "credentials");
        assertRefusedUrl("https:///no-host", "absolute");
        assertRefusedUrl("not a url", "not a URL");
    }

    @Test
    void allowingPrivateTargetsAlsoAllowsPlainHttp() {
        assertThat(onPremise.parse("http://10.1.2.3:8080/hook")).hasHost("10.1.2.3");
    }

    @Test
    void productionRefusesLoopbackLinkLocalAndPrivateAddressesAfterResolving() {
        for (String host : new String[] { "localhost", "127.0.0.1", "127.1.2.3", "[::1]", "10.0.0.8", "172.16.5.4",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "[fd00::1]", "[fe80::1]",
                "[::ffff:127.0.0.1]", "224.0.0.1" }) {
            assertThatThrownBy(() -> production.addressFor(host)).as(host)
                    .isInstanceOf(WebhookTargets.RefusedTarget.class)
                    .hasMessageContaining("loopback, link-local or private");
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> production.addressFor("no-such-host.invalid"))
                .isInstanceOf(WebhookTargets.RefusedTarget.class).hasMessageContaining("does not resolve");
    }

    @Test
    void publicAddressesPassAndPrivateOnesPassWhenAllowed() throws Exception {
        assertThat(production.addressFor("93.184.215.14")).isEqualTo(InetAddress.getByName("93.184.215.14"));
        assertThat(production.addressFor("[2606:4700::1111]").getHostAddress()).startsWith("2606:4700");
        assertThat(onPremise.addressFor("localhost").isLoopbackAddress()).isTrue();
        assertThat(WebhookTargets.internal(InetAddress.getByName("8.8.8.8"))).isFalse();
    }

    private void assertRefusedUrl(String url, String why) {
        assertThatThrownBy(() -> production.parse(url)).as(url).isInstanceOf(ProblemException.class)
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
    }

    @Test
    void theDtoPatternAndTheEnumNameTheSameTypes() {
        for (String type : WebhookEventType.wireNames()) {
            assertThat(type).matches(WebhookDtos.EVENT_TYPE);
            assertThat(WebhookDtos.EVENT_TYPE_RULE).contains(type);
        }
        assertThat(WebhookDtos.EVENT_TYPE.split("\\|")).hasSize(WebhookEventType.values().length);
        assertThat(URI.create("https://x.test").getHost()).isEqualTo("x.test");
    }
}
