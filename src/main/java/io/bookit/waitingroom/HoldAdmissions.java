package io.bookit.waitingroom;

import io.bookit.seating.AdmissionCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The waiting room as the hold path sees it: admission tokens checked, what holds teach remembered. */
@ApplicationScoped
class HoldAdmissions implements AdmissionCheck {

    private final AdmissionTokens tokens;
    private final AdmissionMemory memory;

    HoldAdmissions(AdmissionTokens tokens, AdmissionMemory memory) {
        this.tokens = tokens;
        this.memory = memory;
    }

    @Override
    public String check(String token, UUID eventId, UUID userId) {
        return tokens.check(token, eventId, userId);
    }

    @Override
    public void roomOn(UUID eventId) {
        memory.admissionRequired(eventId);
    }

    @Override
    public void roomOff(UUID eventId) {
        memory.admissionNotRequired(eventId);
    }
}
