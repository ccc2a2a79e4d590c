/**
 * The Java client of the connector-jobs API. No Spring: the JDK's {@code HttpClient} and Jackson.
 *
 * <p>From a plain {@code main}:
 *
 * <pre>{@code
 * var jobs = ConnectorJobsClient.create("http://127.0.0.1:8080", System.getenv("JOBS_API_KEY"));
 * var task = jobs.submit(JobRequest.of("diagnostics", "echo", Map.of("hello", "world")));
 * System.out.println(jobs.await(task.taskId(), Duration.ofMinutes(1)).result());
 * }</pre>
 *
 * <p>{@link dev.connectorjobs.client.ConnectorJobsClient} is the entry point; errors are {@link
 * dev.connectorjobs.client.ConnectorJobsException}s: {@link dev.connectorjobs.client.ApiException}
 * subtypes for the API's problem documents ({@link dev.connectorjobs.client.ValidationException}
 * carries the field errors), {@link dev.connectorjobs.client.ConnectionException} when the API
 * cannot be reached, {@link dev.connectorjobs.client.AwaitTimeoutException} when a wait runs out.
 */
@NullMarked
package dev.connectorjobs.client;

import org.jspecify.annotations.NullMarked;
