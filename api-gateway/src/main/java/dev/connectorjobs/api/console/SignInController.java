package dev.connectorjobs.api.console;

import dev.connectorjobs.api.security.CurrentClient;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sign-in form (its post is handled by the console's security chain) and the refusal page: the
 * two console pages open to anyone, which their {@code permitAll()} says to the handler-roles test.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
class SignInController {

    @GetMapping("/ui/sign-in")
    @PreAuthorize("permitAll()")
    String signIn() {
        return CurrentClient.get().isPresent() ? "redirect:/ui" : "console/sign-in";
    }

    /** Where a refused request is forwarded: a role it lacks, or a form without its CSRF token. */
    @RequestMapping("/ui/forbidden")
    @PreAuthorize("permitAll()")
    String forbidden(Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("status", 403);
        model.addAttribute("title", "Forbidden");
        model.addAttribute(
                "message",
                "This needs a role your key does not have (ADMIN), or the form was sent without its security"
                        + " token (reload the page and try again).");
        return "console/error";
    }
}
