/**
 * Settings that several of the worker's features read: {@link
 * dev.connectorjobs.worker.config.WorkerProperties} ({@code jobs.worker.*}). A feature's own
 * settings stay in its package.
 */
@NullMarked
package dev.connectorjobs.worker.config;

import org.jspecify.annotations.NullMarked;
