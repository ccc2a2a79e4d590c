package dev.connectorjobs.api.job;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * A job's status document as {@code GET /api/v1/admin/tasks/{id}/status} answers it, as JSON bytes,
 * for those who send it elsewhere (completion webhooks).
 */
@Component
public final class StatusDocuments {

    private final JobRepository jobs;
    private final ObjectMapper mapper;

    StatusDocuments(JobRepository jobs, ObjectMapper mapper) {
        this.jobs = jobs;
        this.mapper = mapper;
    }

    /** The document of the job, or empty when there is no such job (any more). */
    public Optional<byte[]> of(UUID id) {
        return jobs.find(id).map(mapper::writeValueAsBytes);
    }
}
