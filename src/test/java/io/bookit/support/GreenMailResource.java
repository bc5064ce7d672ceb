package io.bookit.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server in-process (GreenMail) on a free port, and the app's mailer pointed at it (no mock): the tests
 * read what a buyer's mailbox received. Port 0 by default; -Dbookit.test.smtp-port=... pins it.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    public static GreenMail server;

    @Override
    public Map<String, String> start() {
        ServerSetup smtp = new ServerSetup(Integer.getInteger("bookit.test.smtp-port", 0), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP);
        server = new GreenMail(smtp.getPort() == 0 ? smtp.dynamicPort() : smtp);
        server.start();
        return Map.of("quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Every message the server received for that address so far, oldest first. */
    public static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(message -> sentTo(message, address)).toList();
    }

    private static boolean sentTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to instanceof InternetAddress internet && internet.getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
