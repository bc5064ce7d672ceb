package io.bookit.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The buyers' mails as Qute templates, each in two variants: {@code templates/mail/NAME.html} (around
 * {@code mail/layout.html}) and {@code NAME.txt} (the plain-text part). Checked at build time against {@link Letter} and
 * {@link TransferLetter}.
 */
@CheckedTemplate(basePath = "mail")
final class MailTemplates {

    private MailTemplates() {
    }

    static native TemplateInstance confirmation(Letter letter);

    static native TemplateInstance refund(Letter letter);

    static native TemplateInstance cancellation(Letter letter);

    static native TemplateInstance transferOffer(TransferLetter letter);

    static native TemplateInstance transferSent(TransferLetter letter);

    static native TemplateInstance transferReceived(TransferLetter letter);

    static native TemplateInstance waitlistOffer(WaitlistLetter letter);
}
