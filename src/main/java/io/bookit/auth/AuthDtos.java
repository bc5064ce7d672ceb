package io.bookit.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of {@code /api/auth}. */
final class AuthDtos {

    private AuthDtos() {
    }

    record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 72, message = "must be 8 to 72 characters") String password,
            @NotBlank @Size(max = 100) String displayName,
            @Pattern(regexp = "ATTENDEE|ORGANIZER", message = "must be ATTENDEE or ORGANIZER") String role) {
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 72) String password) {
    }

    record UserView(UUID id, String email, String displayName, List<String> roles) {
        static UserView of(User user) {
            return new UserView(user.id, user.email, user.displayName, List.of(user.role));
        }
    }

    record TokenView(String accessToken, String tokenType, long expiresIn) {
    }
}
