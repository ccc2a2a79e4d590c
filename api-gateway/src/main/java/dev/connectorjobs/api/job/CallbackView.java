package dev.connectorjobs.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A job's completion callback in its status: the URL, and one delivery per terminal state the job
 * reached ({@code job_status}, {@code state} PENDING, DELIVERED or FAILED, {@code attempts}, {@code
 * last_http_status}, {@code last_error}, {@code history} of the attempts). The signing secret is
 * never shown, not even its name.
 */
public record CallbackView(
        @JsonProperty("url") String url,
        @JsonProperty("deliveries") JsonNode deliveries) {}
