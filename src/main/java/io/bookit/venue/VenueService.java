package io.bookit.venue;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class VenueService {

    /** Keeps one event's seat state (one byte a seat in Redis) and its seat map answer bounded. */
    static final int MAX_SEATS = 100_000;

    private final VenueRepository venues;

    VenueService(VenueRepository venues) {
        this.venues = venues;
    }

    @WithTransaction
    public Uni<Venue> create(Caller caller, VenueDtos.CreateVenue request) {
        List<Section> sections = request.sections().stream().map(VenueService::toSection).toList();
        checkLayout(sections);
        Venue venue = new Venue();
        venue.id = UUID.randomUUID();
        venue.ownerId = caller.id();
        venue.name = request.name().strip();
        venue.address = request.address().strip();
        venue.timezone = zone(request.timezone());
        venue.sections = sections;
        venue.seatCount = sections.stream().filter(Section::seated).mapToInt(Section::places).sum();
        venue.capacity = sections.stream().mapToInt(Section::places).sum();
        venue.createdAt = DbTime.now();
        return venues.persist(venue);
    }

    public Uni<Venue> get(UUID id) {
        return venues.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Venue"));
    }

    /** A venue the caller may build events in. */
    public Uni<Venue> getOwned(Caller caller, UUID id) {
        return get(id).invoke(venue -> {
            if (!caller.owns(venue.ownerId)) {
                throw ProblemException.forbidden("This venue belongs to another organizer");
            }
        });
    }

    public Uni<PageResult<Venue>> listOwned(Caller caller, PageQuery query) {
        return venues.listByOwner(caller.id(), query.page, query.size)
                .chain(items -> venues.countByOwner(caller.id())
                        .map(total -> new PageResult<>(items, query.page, query.size, total)));
    }

    private static Section toSection(VenueDtos.SectionSpec spec) {
        List<Section.Row> rows = spec.rows() == null ? null
                : spec.rows().stream().map(r -> new Section.Row(r.label(), r.seats())).toList();
        return new Section(spec.key(), spec.name().strip(), spec.kind(), rows, spec.capacity());
    }

    private static void checkLayout(List<Section> sections) {
        Set<String> keys = new HashSet<>();
        int seats = 0;
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            String field = "sections[" + i + "]";
            if (!keys.add(section.key())) {
                throw ProblemException.validation(field + ".key", "duplicate section key " + section.key());
            }
            if (section.seated()) {
                if (section.rows() == null || section.rows().isEmpty()) {
                    throw ProblemException.validation(field + ".rows", "a SEATED section needs rows");
                }
                if (section.capacity() != null) {
                    throw ProblemException.validation(field + ".capacity", "a SEATED section has rows, not a capacity");
                }
                Set<String> labels = new HashSet<>();
                for (Section.Row row : section.rows()) {
                    if (!labels.add(row.label())) {
                        throw ProblemException.validation(field + ".rows", "duplicate row label " + row.label());
                    }
                }
                seats += section.places();
            } else {
                if (section.capacity() == null) {
                    throw ProblemException.validation(field + ".capacity", "a GENERAL_ADMISSION area needs a capacity");
                }
                if (section.rows() != null && !section.rows().isEmpty()) {
                    throw ProblemException.validation(field + ".rows", "a GENERAL_ADMISSION area has no rows");
                }
            }
        }
        if (seats > MAX_SEATS) {
            throw ProblemException.validation("sections", "at most " + MAX_SEATS + " numbered seats per venue");
        }
    }

    private static String zone(String timezone) {
        try {
            return ZoneId.of(timezone.strip()).getId();
        } catch (DateTimeException e) {
            throw ProblemException.validation("timezone", "unknown time zone " + timezone);
        }
    }
}
