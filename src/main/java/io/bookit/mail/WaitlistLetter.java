package io.bookit.mail;

import java.util.UUID;

/**
 * What the mail of a waiting-list offer says, as the templates read it: times in the venue's time zone; {@code places}
 * as the hold names them (seat ids, or the area and a count); {@code holdId} is what the buyer orders.
 */
record WaitlistLetter(UUID entryId, UUID eventId, String holdId, String to, String name, String eventName, String when,
        String venueName, String venueAddress, String places, String expiresAt) {

    String subject() {
        return "Places for you: " + eventName;
    }
}
