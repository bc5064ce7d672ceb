package io.bookit.venue;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class VenueRepository implements PanacheRepositoryBase<Venue, UUID> {

    public Uni<List<Venue>> listByOwner(UUID ownerId, int page, int size) {
        return find("ownerId", Sort.by("createdAt").and("id"), ownerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByOwner(UUID ownerId) {
        return count("ownerId", ownerId);
    }
}
