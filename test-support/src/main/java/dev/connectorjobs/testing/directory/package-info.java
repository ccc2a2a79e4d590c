/**
 * An Active Directory-shaped in-memory LDAP server (UnboundID's {@code InMemoryDirectoryServer}) with
 * AD's schema, root DSE, {@code objectCategory} shorthand and error wording, and the certificates
 * its TLS tests need.
 */
@NullMarked
package dev.connectorjobs.testing.directory;

import org.jspecify.annotations.NullMarked;
