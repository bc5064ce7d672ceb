package io.bookit.venue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bookit.common.JsonColumn;
import java.util.List;

class SectionsColumn extends JsonColumn<List<Section>> {
    SectionsColumn() {
        super(new TypeReference<>() {
        });
    }
}
