package io.bookit.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A mail as its recipient's client sees it: subject, the text and HTML bodies, the attachments. */
record ReceivedMail(String subject, String text, String html, List<Attachment> attachments) {

    record Attachment(String fileName, String contentType, byte[] bytes) {
        String asText() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static ReceivedMail of(MimeMessage message) {
        try {
            List<Part> leaves = new ArrayList<>();
            collect(message, leaves);
            String text = null;
            String html = null;
            List<Attachment> attachments = new ArrayList<>();
            for (Part part : leaves) {
                String type = part.getContentType().toLowerCase(Locale.ROOT);
                if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                    attachments.add(new Attachment(part.getFileName(), type, bytes(part)));
                } else if (type.startsWith("text/plain")) {
                    text = (String) part.getContent();
                } else if (type.startsWith("text/html")) {
                    html = (String) part.getContent();
                }
            }
            return new ReceivedMail(message.getSubject(), text, html, attachments);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Attachment attachment(String fileName) {
        return attachments.stream().filter(a -> fileName.equals(a.fileName())).findFirst()
                .orElseThrow(() -> new AssertionError("no attachment " + fileName + " in " + attachments));
    }

    private static void collect(Part part, List<Part> leaves) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, leaves);
            }
        } else {
            leaves.add(part);
        }
    }

    private static byte[] bytes(Part part) throws MessagingException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
