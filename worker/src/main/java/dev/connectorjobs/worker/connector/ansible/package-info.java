/**
 * The {@code ansible} connector: Ansible AWX / Ansible Automation Platform REST API v2 inventory hosts,
 * and job template launches followed to the end with a checkpoint and a remote cancel, through the
 * resilient HTTP client and the {@code ansible} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.ansible;

import org.jspecify.annotations.NullMarked;
