package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one Active Directory account into a {@link NormalizedAsset}, {@code source_id} its {@code
 * objectGUID} (stable across renames and moves, unlike the DN), in the text form Windows shows.
 *
 * <ul>
 *   <li>A computer: {@code name} is its {@code dNSHostName} (its {@code cn} when it has none), {@code
 *       os} and {@code os_version} its {@code operatingSystem} and {@code operatingSystemVersion}.
 *   <li>A user: {@code name} is its {@code displayName} (else {@code cn}); like {@code entra_id}'s
 *       users it carries {@code user_principal_name} and {@code mail}.
 *   <li>Both: {@code last_seen} is {@code lastLogonTimestamp}, converted from a Windows file time
 *       (absent when the account never logged on; Active Directory replicates it only every 9 to 14
 *       days, so it is a coarse "last seen"); {@code attributes} hold {@code kind}, {@code
 *       distinguishedName}, {@code account_enabled} and {@code account_flags} (the {@code
 *       userAccountControl} bits by name), and the other attributes read, by their AD names, times
 *       as ISO-8601 instants ({@code whenChanged}, {@code whenCreated}, {@code pwdLastSet}...).
 * </ul>
 *
 * An entry without a 16-byte {@code objectGUID}, or with a time or integer that does not parse,
 * raises {@link MalformedItemException} naming its DN and the attribute.
 */
final class AccountNormalizer {

    /** Windows file times (100 ns since 1601); {@code 0} and the largest long mean "never". */
    static final Set<String> FILE_TIMES = Set.of("lastLogonTimestamp", "lastLogon", "pwdLastSet", "accountExpires");

    /** Generalized times ({@code 20261203101500.0Z}). */
    static final Set<String> GENERALIZED_TIMES = Set.of("whenCreated", "whenChanged");

    /** Attributes that become fields of the record, or derived attributes, rather than attributes as they are. */
    private static final Set<String> MAPPED = Set.of(
            "objectGUID",
            "operatingSystem",
            "operatingSystemVersion",
            "lastLogonTimestamp",
            "userAccountControl",
            "userPrincipalName",
            "mail");

    private final String source;

    AccountNormalizer(String source) {
        this.source = source;
    }

    /** The record of {@code entry}, an account of {@code kind}. */
    NormalizedAsset normalize(AccountKind kind, Entry entry) {
        return kind == AccountKind.COMPUTER ? computer(entry) : user(entry);
    }

    private NormalizedAsset computer(Entry entry) {
        Map<String, Object> attributes = start(AccountKind.COMPUTER, entry);
        String dnsName = text(entry, "dNSHostName");
        return new NormalizedAsset(
                source,
                guid(entry),
                dnsName != null ? dnsName : text(entry, "cn"),
                null,
                text(entry, "operatingSystem"),
                text(entry, "operatingSystemVersion"),
                List.of(),
                fileTime(entry, "lastLogonTimestamp"),
                attributes);
    }

    private NormalizedAsset user(Entry entry) {
        Map<String, Object> attributes = start(AccountKind.USER, entry);
        putIfPresent(attributes, "user_principal_name", text(entry, "userPrincipalName"));
        putIfPresent(attributes, "mail", text(entry, "mail"));
        String displayName = text(entry, "displayName");
        return new NormalizedAsset(
                source,
                guid(entry),
                displayName != null ? displayName : text(entry, "cn"),
                null,
                null,
                null,
                List.of(),
                fileTime(entry, "lastLogonTimestamp"),
                attributes);
    }

    /** {@code kind}, the DN, the account flags, then every attribute that is not a field of the record. */
    private static Map<String, Object> start(AccountKind kind, Entry entry) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("kind", kind.kind());
        attributes.put("distinguishedName", entry.getDN());
        String control = text(entry, "userAccountControl");
        if (control != null) {
            long flags = integer(entry, "userAccountControl", control);
            attributes.put("account_enabled", !AccountControl.ACCOUNTDISABLE.in(flags));
            attributes.put("account_flags", AccountControl.names(flags));
            attributes.put("userAccountControl", flags);
        }
        for (Attribute attribute : entry.getAttributes()) {
            String name = attribute.getBaseName();
            if (MAPPED.stream().anyMatch(name::equalsIgnoreCase) || !attribute.hasValue()) {
                continue;
            }
            Object value = value(entry, attribute);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    /** A value by its syntax: an ISO-8601 instant for times, text otherwise (the first of several). */
    private static @Nullable Object value(Entry entry, Attribute attribute) {
        String name = attribute.getBaseName();
        String text = attribute.getValue();
        if (text == null) {
            return null;
        }
        if (FILE_TIMES.stream().anyMatch(name::equalsIgnoreCase)) {
            Instant instant = fileTime(entry, name);
            return instant == null ? null : instant.toString();
        }
        if (GENERALIZED_TIMES.stream().anyMatch(name::equalsIgnoreCase)) {
            try {
                return AdValues.generalizedTime(text).toString();
            } catch (ParseException e) {
                throw malformed(entry, name, "is not a generalized time (e.g. 20261203101500.0Z)");
            }
        }
        return text;
    }

    private static String guid(Entry entry) {
        Attribute attribute = entry.getAttribute("objectGUID");
        byte[] bytes = attribute == null ? null : attribute.getValueByteArray();
        if (bytes == null) {
            throw malformed(entry, "objectGUID", "is missing");
        }
        String guid = AdValues.guid(bytes);
        if (guid == null) {
            throw malformed(entry, "objectGUID", "is " + bytes.length + " bytes, not the 16 of a GUID");
        }
        return guid;
    }

    private static @Nullable Instant fileTime(Entry entry, String name) {
        String text = text(entry, name);
        if (text == null) {
            return null;
        }
        try {
            return AdValues.fileTime(text);
        } catch (NumberFormatException e) {
            throw malformed(entry, name, "is not a Windows file time (an integer)");
        }
    }

    private static long integer(Entry entry, String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw malformed(entry, name, "is not an integer");
        }
    }

    private static @Nullable String text(Entry entry, String name) {
        String value = entry.getAttributeValue(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, @Nullable Object value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    private static MalformedItemException malformed(Entry entry, String attribute, String problem) {
        return new MalformedItemException("entry " + entry.getDN() + ": " + attribute + " " + problem);
    }
}
