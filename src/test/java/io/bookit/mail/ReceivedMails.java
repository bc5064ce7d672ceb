package io.bookit.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.GreenMailResource;
import java.time.Duration;

/** The mails GreenMail received, for tests outside this package. */
public final class ReceivedMails {

    private ReceivedMails() {
    }

    public record Mail(String subject, String text, String html) {
    }

    /** The first mail to {@code address} whose subject starts with {@code subject}, once it arrived. */
    public static Mail awaitMail(String address, String subject) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(GreenMailResource.messagesTo(address)
                .stream().map(ReceivedMail::of).anyMatch(m -> m.subject().startsWith(subject))).isTrue());
        ReceivedMail mail = GreenMailResource.messagesTo(address).stream().map(ReceivedMail::of)
                .filter(m -> m.subject().startsWith(subject)).findFirst().orElseThrow();
        return new Mail(mail.subject(), mail.text(), mail.html());
    }
}
