package dev.connectorjobs.testing.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

/**
 * Entries shaped as Active Directory keeps them: computer and user accounts with their {@code
 * objectCategory} DNs, little-endian {@code objectGUID}s, Windows file times and {@code
 * userAccountControl} bits, numbered so that a test can compute what it expects of account {@code n}.
 *
 * <ul>
 *   <li>Computers {@code WS-00001} ... in {@code OU=Workstations}; every fifth ({@code SRV-00005},
 *       ...) is a Windows Server in {@code OU=Servers}. Every tenth is disabled ({@code
 *       ACCOUNTDISABLE}); every seventh never logged on (no {@code lastLogonTimestamp}).
 *   <li>Users {@code User 00001} ... in {@code OU=People}; every tenth is disabled.
 * </ul>
 */
public final class ActiveDirectoryEntries {

    /** The domain's DN, its {@code defaultNamingContext}. */
    public static final String DOMAIN = "DC=corp,DC=example,DC=com";

    public static final String WORKSTATIONS = "OU=Workstations," + DOMAIN;
    public static final String SERVERS = "OU=Servers," + DOMAIN;
    public static final String PEOPLE = "OU=People," + DOMAIN;
    public static final String SERVICE_ACCOUNTS = "OU=Service Accounts," + DOMAIN;

    /** The {@code objectCategory} of computers, which Active Directory finds for {@code (objectCategory=computer)}. */
    public static final String COMPUTER_CATEGORY = "CN=Computer,CN=Schema,CN=Configuration," + DOMAIN;

    /** The {@code objectCategory} of users and contacts, found for {@code (objectCategory=person)} and {@code user}. */
    public static final String PERSON_CATEGORY = "CN=Person,CN=Schema,CN=Configuration," + DOMAIN;

    /** When the generated accounts last logged on, less one minute per account number. */
    public static final Instant LAST_LOGON = Instant.parse("2026-11-30T08:00:00Z");

    /** When the generated accounts were created and last changed. */
    public static final Instant CREATED = Instant.parse("2024-01-15T09:30:00Z");

    public static final Instant CHANGED = Instant.parse("2026-11-02T17:45:12Z");

    /** {@code userAccountControl} of an enabled workstation: {@code WORKSTATION_TRUST_ACCOUNT}. */
    public static final int WORKSTATION = 0x1000;

    /** {@code userAccountControl} of an enabled user: {@code NORMAL_ACCOUNT}. */
    public static final int NORMAL_ACCOUNT = 0x200;

    /** The {@code ACCOUNTDISABLE} bit. */
    public static final int DISABLED = 0x2;

    private ActiveDirectoryEntries() {}

    /** Whether computer {@code n} is a server (in {@code OU=Servers}). */
    public static boolean isServer(int n) {
        return n % 5 == 0;
    }

    /** Whether account {@code n} is disabled. */
    public static boolean isDisabled(int n) {
        return n % 10 == 0;
    }

    /** Whether computer {@code n} ever logged on. */
    public static boolean loggedOn(int n) {
        return n % 7 != 0;
    }

    /** The {@code cn} of computer {@code n}: {@code WS-00001}, or {@code SRV-00005} for a server. */
    public static String computerName(int n) {
        return (isServer(n) ? "SRV-" : "WS-") + String.format("%05d", n);
    }

    /** The {@code dNSHostName} of computer {@code n}. */
    public static String computerDnsName(int n) {
        return computerName(n).toLowerCase(Locale.ROOT) + ".corp.example.com";
    }

    /** The DN of computer {@code n}. */
    public static String computerDn(int n) {
        return "CN=" + computerName(n) + "," + (isServer(n) ? SERVERS : WORKSTATIONS);
    }

    /** The {@code objectGUID} of computer {@code n}, as Windows shows it. */
    public static UUID computerGuid(int n) {
        return UUID.nameUUIDFromBytes(("computer-" + n).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code objectGUID} of user {@code n}, as Windows shows it. */
    public static UUID userGuid(int n) {
        return UUID.nameUUIDFromBytes(("user-" + n).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code lastLogonTimestamp} of account {@code n}, as an instant. */
    public static Instant lastLogon(int n) {
        return LAST_LOGON.minus(Duration.ofMinutes(n));
    }

    /** The DN of user {@code n}. */
    public static String userDn(int n) {
        return "CN=" + userName(n) + "," + PEOPLE;
    }

    /** The {@code displayName} (and {@code cn}) of user {@code n}. */
    public static String userName(int n) {
        return String.format("User %05d", n);
    }

    /** The {@code sAMAccountName} of user {@code n}. */
    public static String userAccount(int n) {
        return String.format("u%05d", n);
    }

    /** Computer account {@code n}. */
    public static Entry computer(int n) {
        Entry entry = new Entry(computerDn(n));
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "user", "computer");
        entry.addAttribute("objectCategory", COMPUTER_CATEGORY);
        entry.addAttribute("objectGUID", guidBytes(computerGuid(n)));
        entry.addAttribute("cn", computerName(n));
        entry.addAttribute("sn", computerName(n));
        entry.addAttribute("sAMAccountName", computerName(n) + "$");
        entry.addAttribute("dNSHostName", computerDnsName(n));
        entry.addAttribute("operatingSystem", isServer(n) ? "Windows Server 2022 Standard" : "Windows 11 Enterprise");
        entry.addAttribute("operatingSystemVersion", isServer(n) ? "10.0 (20348)" : "10.0 (22631)");
        entry.addAttribute("userAccountControl", Integer.toString(WORKSTATION | (isDisabled(n) ? DISABLED : 0)));
        if (loggedOn(n)) {
            entry.addAttribute("lastLogonTimestamp", Long.toString(fileTime(lastLogon(n))));
        }
        times(entry);
        return entry;
    }

    /** User account {@code n}. */
    public static Entry user(int n) {
        Entry entry = new Entry(userDn(n));
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        entry.addAttribute("objectCategory", PERSON_CATEGORY);
        entry.addAttribute("objectGUID", guidBytes(userGuid(n)));
        entry.addAttribute("cn", userName(n));
        entry.addAttribute("sn", String.format("%05d", n));
        entry.addAttribute("givenName", "User");
        entry.addAttribute("displayName", userName(n));
        entry.addAttribute("sAMAccountName", userAccount(n));
        entry.addAttribute("userPrincipalName", userAccount(n) + "@corp.example.com");
        entry.addAttribute("mail", userAccount(n) + "@example.com");
        entry.addAttribute("department", n % 2 == 0 ? "Finance" : "Engineering");
        entry.addAttribute("userAccountControl", Integer.toString(NORMAL_ACCOUNT | (isDisabled(n) ? DISABLED : 0)));
        entry.addAttribute("lastLogonTimestamp", Long.toString(fileTime(lastLogon(n))));
        entry.addAttribute("pwdLastSet", Long.toString(fileTime(CREATED)));
        entry.addAttribute("accountExpires", Long.toString(Long.MAX_VALUE));
        times(entry);
        return entry;
    }

    /** A mail contact: category {@code person} like users, but no account ({@code objectClass=contact}). */
    public static Entry contact(String name) {
        Entry entry = new Entry("CN=" + name + "," + PEOPLE);
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "contact");
        entry.addAttribute("objectCategory", PERSON_CATEGORY);
        entry.addAttribute("objectGUID", guidBytes(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))));
        entry.addAttribute("cn", name);
        entry.addAttribute("sn", name);
        entry.addAttribute("mail", "contact@partner.example.org");
        times(entry);
        return entry;
    }

    /** The service account the connector binds as, with its password. */
    static Entry serviceAccount(String dn, String password) {
        Entry entry = new Entry(dn);
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        entry.addAttribute("objectCategory", PERSON_CATEGORY);
        entry.addAttribute("objectGUID", guidBytes(UUID.nameUUIDFromBytes(dn.getBytes(StandardCharsets.UTF_8))));
        entry.addAttribute("cn", "svc-inventory");
        entry.addAttribute("sn", "svc-inventory");
        entry.addAttribute("sAMAccountName", "svc-inventory");
        entry.addAttribute("userPrincipalName", "svc-inventory@corp.example.com");
        entry.addAttribute("userAccountControl", Integer.toString(NORMAL_ACCOUNT | 0x10000));
        entry.addAttribute("userPassword", password);
        times(entry);
        return entry;
    }

    /** An organizational unit. */
    static Entry organizationalUnit(String dn) {
        Entry entry = new Entry(dn);
        entry.addAttribute("objectClass", "top", "organizationalUnit");
        entry.addAttribute("ou", dn.substring(3, dn.indexOf(',')));
        return entry;
    }

    /** The domain's root entry. */
    static Entry domain() {
        Entry entry = new Entry(DOMAIN);
        entry.addAttribute("objectClass", "top", "domain", "domainDNS");
        entry.addAttribute("dc", "corp");
        return entry;
    }

    /** The 16 bytes Active Directory stores for {@code guid}: the first three groups little-endian. */
    public static byte[] guidBytes(UUID guid) {
        byte[] big = ByteBuffer.allocate(16)
                .putLong(guid.getMostSignificantBits())
                .putLong(guid.getLeastSignificantBits())
                .array();
        return new byte[] {
            big[3], big[2], big[1], big[0], big[5], big[4], big[7], big[6], big[8], big[9], big[10], big[11], big[12],
            big[13], big[14], big[15]
        };
    }

    /** The Windows file time (100 ns since 1601-01-01 UTC) of {@code instant}. */
    public static long fileTime(Instant instant) {
        return instant.toEpochMilli() * 10_000L + 116_444_736_000_000_000L;
    }

    /** {@code instant} as a generalized time, as {@code whenChanged} holds it. */
    public static String generalizedTime(Instant instant) {
        return StaticUtils.encodeGeneralizedTime(Date.from(instant));
    }

    private static void times(Entry entry) {
        entry.addAttribute("whenCreated", generalizedTime(CREATED));
        entry.addAttribute("whenChanged", generalizedTime(CHANGED));
    }
}
