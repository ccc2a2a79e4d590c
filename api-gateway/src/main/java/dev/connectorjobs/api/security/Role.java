package dev.connectorjobs.api.security;

/** What an API key may do. */
public enum Role {
    /** Submit jobs, read everything, revoke the jobs it submitted. */
    USER,
    /** Everything, including revoking any job, operating breakers and managing keys. */
    ADMIN
}
