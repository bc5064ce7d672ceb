package io.bookit.venue;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A venue and its layout. Immutable once created, so events can cache the seat layout it defines. */
@Entity
@Table(name = "venue")
public class Venue {

    @Id
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    public String name;

    public String address;

    public String timezone;

    @Convert(converter = SectionsColumn.class)
    public List<Section> sections;

    @Column(name = "seat_count")
    public int seatCount;

    public int capacity;

    @Column(name = "created_at")
    public Instant createdAt;

    public Section section(String key) {
        return sections.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }
}
