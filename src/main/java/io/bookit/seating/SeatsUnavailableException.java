package io.bookit.seating;

import io.bookit.common.ProblemException;
import java.util.List;

/** 409: a hold could not get every place it asked for, and took none. */
public class SeatsUnavailableException extends ProblemException {

    public SeatsUnavailableException(List<String> unavailableSeats, String detail) {
        super(409, "seats-unavailable", "Seats unavailable", detail);
        with("unavailableSeats", unavailableSeats);
    }
}
