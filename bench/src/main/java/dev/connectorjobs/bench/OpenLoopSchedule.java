package dev.connectorjobs.bench;

import java.util.OptionalDouble;

/**
 * When each request is meant to be sent. At a fixed rate, request {@code i} (carrying jobs {@code
 * i*batch} to {@code i*batch + batch - 1}) is due {@code i * batch / rate} seconds after the start,
 * whatever happened to earlier requests: latency is measured from that intended time, so a stall
 * in the system shows up in the latency of every request that should have been sent during it
 * (no coordinated omission). Without a rate the clients send as fast as they can, and each
 * request's intended time is the moment a client takes it.
 *
 * @param jobs jobs in the whole run
 * @param batch jobs per request
 * @param rate jobs per second; empty means as fast as possible
 */
record OpenLoopSchedule(int jobs, int batch, OptionalDouble rate) {

    OpenLoopSchedule {
        if (jobs < 1 || batch < 1) {
            throw new IllegalArgumentException("jobs and batch must be positive");
        }
        if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
    }

    /** Number of requests; the last one may carry fewer jobs than {@link #batch()}. */
    int requests() {
        return (jobs + batch - 1) / batch;
    }

    /** Index of the first job request {@code request} carries. */
    int firstJob(int request) {
        return request * batch;
    }

    /** Jobs request {@code request} carries. */
    int jobsIn(int request) {
        return Math.min(batch, jobs - firstJob(request));
    }

    /**
     * The intended send time of a request, on the {@link System#nanoTime()} scale.
     *
     * @param startNanos when the run started
     * @param nowNanos now; the intended time when there is no fixed rate
     */
    long intendedNanos(int request, long startNanos, long nowNanos) {
        if (rate.isEmpty()) {
            return nowNanos;
        }
        double secondsPerRequest = batch / rate.getAsDouble();
        return startNanos + Math.round(request * secondsPerRequest * 1e9);
    }
}
