package dev.connectorjobs.api.job;

/**
 * Where a job's status document is POSTed when it ends.
 *
 * @param url an http(s) URL on the allow-list
 * @param secret the name of the configured secret that signs the deliveries (never the secret)
 */
record Callback(String url, String secret) {}
