/**
 * The fault runner ({@code devstack chaos}): steady load on a stack of its own while faults are
 * injected on a schedule, then a verdict from PostgreSQL and a recording stub. The stack is reached
 * through the {@link dev.connectorjobs.devstack.chaos.ChaosStack} port, which the launcher
 * implements, so this package does not depend on the launcher.
 */
@NullMarked
package dev.connectorjobs.devstack.chaos;

import org.jspecify.annotations.NullMarked;
