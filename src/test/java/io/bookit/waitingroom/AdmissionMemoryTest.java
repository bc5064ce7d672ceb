package io.bookit.waitingroom;

import static io.bookit.waitingroom.AdmissionMemory.ADMISSION_MEMORY_MS;
import static io.bookit.waitingroom.AdmissionMemory.ADMISSION_PROBE_MS;
import static io.bookit.waitingroom.AdmissionMemory.ADMISSION_STALE_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.Parallel;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The memory of events behind a waiting room, on an explicit clock. */
class AdmissionMemoryTest {

    private final AdmissionMemory refusals = new AdmissionMemory();
    private final UUID event = UUID.randomUUID();

    @Test
    void onceTheMemoryRunsOutOneHoldAtATimeGoesOnToAskWhileTheCrowdIsStillRefused() throws Exception {
        long t0 = 1_000_000;
        assertThat(refusals.requiresAdmission(event, t0)).isFalse(); // nothing known: ask
        refusals.admissionRequired(event, t0);
        assertThat(refusals.requiresAdmission(event, t0 + ADMISSION_MEMORY_MS - 1)).isTrue();

        long stale = t0 + ADMISSION_MEMORY_MS;
        List<Boolean> refused = Parallel.run(50, i -> refusals.requiresAdmission(event, stale));
        assertThat(refused).containsOnlyOnce(false);
        assertThat(refusals.requiresAdmission(event, stale + ADMISSION_PROBE_MS - 1)).isTrue(); // its answer is due
        assertThat(refusals.requiresAdmission(event, stale + ADMISSION_PROBE_MS)).isFalse(); // it got lost: another
        assertThat(refusals.requiresAdmission(event, stale + ADMISSION_PROBE_MS)).isTrue();

        refusals.admissionRequired(event, stale + 150); // the answer: still on
        assertThat(refusals.requiresAdmission(event, stale + 150 + ADMISSION_MEMORY_MS - 1)).isTrue();
    }

    @Test
    void aHoldThatPassesTheRoomsCheckEndsTheMemory() {
        long t0 = 1_000_000;
        refusals.admissionRequired(event, t0);
        refusals.admissionNotRequired(event);
        assertThat(refusals.requiresAdmission(event, t0 + 1)).isFalse();
        assertThat(refusals.requiresAdmission(event, t0 + 2)).isFalse();
    }

    @Test
    void withoutAnyAnswerTheMemoryEnds() {
        long t0 = 1_000_000;
        refusals.admissionRequired(event, t0);
        long over = t0 + ADMISSION_MEMORY_MS + ADMISSION_STALE_MS + 1;
        assertThat(refusals.requiresAdmission(event, over)).isFalse();
        assertThat(refusals.requiresAdmission(event, over)).isFalse(); // forgotten, not probing
    }
}
