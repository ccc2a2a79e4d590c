package dev.connectorjobs.api.console;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.ConflictException;
import dev.connectorjobs.api.web.ForbiddenException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.ObjectMapper;

/**
 * What every console page needs (who is signed in, the formatter, the poll interval), and errors
 * as pages: the API's exceptions keep their status (400, 403, 404, 409) but are shown in the
 * console's layout with what to do next, instead of as problem documents.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final ConsoleFormat format;
    private final ConsoleProperties properties;

    ConsoleAdvice(Clock clock, ObjectMapper mapper, ConsoleProperties properties) {
        this.format = new ConsoleFormat(clock, mapper);
        this.properties = properties;
    }

    @ModelAttribute
    void common(Model model) {
        ApiClient me = CurrentClient.get().orElse(null);
        model.addAttribute("me", me);
        model.addAttribute("admin", me != null && me.isAdmin());
        model.addAttribute("fmt", format);
        model.addAttribute("poll", "every " + properties.pollInterval().toMillis() + "ms");
    }

    @ExceptionHandler(BadRequestException.class)
    String badRequest(BadRequestException e, Model model, HttpServletResponse response) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
    }

    /** Every field's problem, listed: the message alone says only how many there are. */
    @ExceptionHandler(InvalidRequestException.class)
    String invalid(InvalidRequestException e, Model model, HttpServletResponse response) {
        String page = error(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
        model.addAttribute(
                "problems",
                e.errors().stream()
                        .map(error -> error.field().isEmpty() ? error.message() : error.field() + " " + error.message())
                        .toList());
        return page;
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        return error(HttpStatus.NOT_FOUND, e.getMessage(), model, response);
    }

    @ExceptionHandler(ForbiddenException.class)
    String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
        return error(HttpStatus.FORBIDDEN, e.getMessage(), model, response);
    }

    @ExceptionHandler(ConflictException.class)
    String conflict(ConflictException e, Model model, HttpServletResponse response) {
        return error(HttpStatus.CONFLICT, e.getMessage(), model, response);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String status(ResponseStatusException e, Model model, HttpServletResponse response) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        return error(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status, e.getReason(), model, response);
    }

    private String error(HttpStatus status, @Nullable String message, Model model, HttpServletResponse response) {
        log.debug("Console answered {}: {}", status.value(), message);
        common(model);
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", status.getReasonPhrase());
        model.addAttribute("message", message == null ? status.getReasonPhrase() : message);
        return "console/error";
    }
}
