/**
 * The resilient HTTP client every connector uses: Apache HttpClient 5 (classic) with a connection
 * pool per service, timeouts, retries with backoff and {@code Retry-After}, the service's circuit
 * breaker around every attempt, the correlation id on every request, and cancellation that aborts
 * the request in flight. Callers see {@link dev.connectorjobs.worker.http.ServiceHttpClients},
 * {@link dev.connectorjobs.worker.http.ServiceHttpClient}, {@link
 * dev.connectorjobs.worker.http.HttpCall} and {@link dev.connectorjobs.worker.http.HttpResult}.
 */
@NullMarked
package dev.connectorjobs.worker.http;

import org.jspecify.annotations.NullMarked;
