package io.bookit.event;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bookit.common.JsonColumn;
import java.util.List;

class PricesColumn extends JsonColumn<List<Price>> {
    PricesColumn() {
        super(new TypeReference<>() {
        });
    }
}
