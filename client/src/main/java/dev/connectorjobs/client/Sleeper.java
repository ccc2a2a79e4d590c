package dev.connectorjobs.client;

import java.time.Duration;

/** How the client pauses between retries and polls; tests substitute one that only records. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
