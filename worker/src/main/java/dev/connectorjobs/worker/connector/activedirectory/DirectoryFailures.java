package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.worker.connector.activedirectory.ActiveDirectoryProperties.PREFIX;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.Masking;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Turns the LDAP SDK's failures into {@link ConnectorException}s, deciding once whether a retry may
 * help, and wording them to say what happened and what to do, with the configured secrets masked.
 *
 * <ul>
 *   <li>The directory cannot be reached or cannot serve now (connect and response timeouts, server
 *       down, {@code busy}, {@code unavailable}, a server-side time limit): retryable {@code
 *       DirectoryUnavailable} or {@code DirectoryTimeout}, which the breaker counts.
 *   <li>{@code invalidCredentials} (49): permanent {@code AuthenticationFailed}, with Active
 *       Directory's reason ({@code data 52e}, {@code 533}, ...) spelled out; the directory is healthy,
 *       so the breaker does not count it. So are the other authentication refusals.
 *   <li>{@code noSuchObject} (32) and a referral: permanent {@code NotFound} naming the DN searched.
 *   <li>A certificate the worker does not trust, or that names another host: permanent {@code
 *       TlsFailed}, saying which setting to change.
 *   <li>Anything else the directory refuses: permanent, with its result code and diagnostic message.
 * </ul>
 */
final class DirectoryFailures {

    /** Result codes that mean: the directory (or the way to it) cannot serve now; try again later. */
    static final Set<ResultCode> UNAVAILABLE = Set.of(
            ResultCode.SERVER_DOWN,
            ResultCode.CONNECT_ERROR,
            ResultCode.UNAVAILABLE,
            ResultCode.BUSY,
            ResultCode.LOCAL_ERROR,
            ResultCode.DECODING_ERROR,
            ResultCode.ENCODING_ERROR);

    /** Result codes of a request that took too long, on the worker's side or the server's. */
    static final Set<ResultCode> TIMEOUTS = Set.of(ResultCode.TIMEOUT, ResultCode.TIME_LIMIT_EXCEEDED);

    /** Result codes that refuse who the connector is or how it authenticates. */
    static final Set<ResultCode> AUTHENTICATION = Set.of(
            ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION,
            ResultCode.AUTH_METHOD_NOT_SUPPORTED,
            ResultCode.STRONG_AUTH_REQUIRED,
            ResultCode.CONFIDENTIALITY_REQUIRED);

    /**
     * Active Directory's reasons for {@code invalidCredentials}, the {@code data} code of its
     * diagnostic message ({@code 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext
     * error, data 52e, v4563}).
     */
    static final Map<String, String> AD_REASONS = Map.ofEntries(
            Map.entry("525", "the account does not exist"),
            Map.entry("52e", "the password is wrong (or the account name)"),
            Map.entry("530", "the account may not log on at this time"),
            Map.entry("531", "the account may not log on from this workstation"),
            Map.entry("532", "the password has expired"),
            Map.entry("533", "the account is disabled"),
            Map.entry("568", "the account is in too many groups"),
            Map.entry("701", "the account has expired"),
            Map.entry("773", "the password must be changed before the account can log on"),
            Map.entry("775", "the account is locked out"));

    private static final Pattern AD_DATA = Pattern.compile("\\bdata ([0-9a-fA-F]{3,8})\\b");

    private final String connector;
    private final List<String> secrets;

    DirectoryFailures(String connector, List<String> secrets) {
        this.connector = connector;
        this.secrets = List.copyOf(secrets);
    }

    /**
     * The failure {@code error} means.
     *
     * @param what what was attempted, e.g. {@code bind as CN=svc,... to ldaps://dc1:636} or {@code
     *     search of OU=Servers,DC=corp,DC=example,DC=com for (objectCategory=computer)}
     * @param base the DN searched, to name when it does not exist; null for a bind
     */
    ConnectorException failure(LDAPException error, String what, @Nullable String base) {
        ResultCode code = error.getResultCode();
        String happened = connector + ": " + what + " failed: " + explanation(error);
        if (isTls(error)) {
            return permanent(
                    "TlsFailed",
                    happened + "; the domain controller's certificate is not trusted or does not name the host in "
                            + PREFIX + ".url: set " + PREFIX + ".truststore to the CA certificate that signed it,"
                            + " and use the host name the certificate was issued for");
        }
        if (UNAVAILABLE.contains(code)) {
            return retryable(
                    "DirectoryUnavailable",
                    happened + "; the directory cannot be reached or cannot serve now, the job will be retried");
        }
        if (TIMEOUTS.contains(code)) {
            return retryable(
                    "DirectoryTimeout",
                    happened + "; if it keeps happening, raise " + PREFIX + ".response-timeout or lower " + PREFIX
                            + ".page-size");
        }
        if (code.equals(ResultCode.INVALID_CREDENTIALS)) {
            return permanent(
                    "AuthenticationFailed",
                    happened + adReason(error) + "; check " + PREFIX + ".bind-dn and " + PREFIX + ".auth.password");
        }
        if (AUTHENTICATION.contains(code)) {
            return permanent(
                    "AuthenticationFailed",
                    happened + "; the directory refuses this way of binding: use ldaps:// URLs or set " + PREFIX
                            + ".start-tls=true, and check " + PREFIX + ".bind-dn and " + PREFIX + ".auth.*");
        }
        if (code.equals(ResultCode.NO_SUCH_OBJECT) && base != null) {
            String matched = error.getMatchedDN();
            return permanent(
                    "NotFound",
                    connector + ": the search base " + base + " does not exist in the directory ("
                            + code.getName() + ", " + code.intValue()
                            + (matched == null || matched.isEmpty()
                                    ? ""
                                    : "; the nearest entry that does is " + matched)
                            + "); check " + PREFIX + ".base-dn, and the job's search_base if it has one");
        }
        if (code.equals(ResultCode.REFERRAL) && base != null) {
            String[] referrals = error.getReferralURLs();
            return permanent(
                    "NotFound",
                    connector + ": the search base " + base + " is not held by the domain controller (it referred"
                            + " to " + (referrals.length == 0 ? "another server" : String.join(", ", referrals))
                            + "); point " + PREFIX + ".url at a domain controller of that domain, or correct "
                            + PREFIX + ".base-dn");
        }
        if (code.equals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS) || code.equals(ResultCode.OPERATIONS_ERROR)) {
            return permanent(
                    "AccessDenied",
                    happened + "; the bound account may not read there: grant it read access to the base DN, or"
                            + " check " + PREFIX + ".bind-dn");
        }
        if (code.equals(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION)) {
            return permanent(
                    "PagingUnsupported",
                    happened + "; the server does not support the simple paged results control"
                            + " (1.2.840.113556.1.4.319), which the connector needs: point " + PREFIX
                            + ".url at a domain controller");
        }
        if (code.equals(ResultCode.SIZE_LIMIT_EXCEEDED) || code.equals(ResultCode.ADMIN_LIMIT_EXCEEDED)) {
            return permanent(
                    "DirectoryLimit",
                    happened + "; lower " + PREFIX + ".page-size below the directory's MaxPageSize, or narrow the"
                            + " job's filter");
        }
        if (code.equals(ResultCode.FILTER_ERROR)
                || code.equals(ResultCode.INVALID_DN_SYNTAX)
                || code.equals(ResultCode.INAPPROPRIATE_MATCHING)
                || code.equals(ResultCode.UNDEFINED_ATTRIBUTE_TYPE)) {
            return permanent("InvalidRequest", happened + "; check the job's filter and search_base");
        }
        return permanent("DirectoryError", happened);
    }

    /** {@code invalid credentials (49): <the server's words>}, masked. */
    private String explanation(LDAPException error) {
        ResultCode code = error.getResultCode();
        String diagnostic = error.getDiagnosticMessage();
        String message = diagnostic == null || diagnostic.isBlank() ? error.getMessage() : diagnostic;
        String text = code.getName() + " (" + code.intValue() + ")"
                + (message == null || message.isBlank() ? "" : ": " + message.strip());
        return Masking.mask(text, secrets);
    }

    /** {@code ; Active Directory says: the account is disabled}, or nothing when it gave no known code. */
    private static String adReason(LDAPException error) {
        String diagnostic = error.getDiagnosticMessage();
        if (diagnostic == null) {
            return "";
        }
        Matcher data = AD_DATA.matcher(diagnostic);
        if (!data.find()) {
            return "";
        }
        String reason = AD_REASONS.get(data.group(1).toLowerCase(Locale.ROOT));
        return reason == null ? "" : "; Active Directory says: " + reason;
    }

    /** Whether {@code error} comes from a TLS handshake or certificate check that failed. */
    private static boolean isTls(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException || cause instanceof SSLHandshakeException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private ConnectorException retryable(String type, String message) {
        return ConnectorException.retryable(type, Masking.mask(message, secrets));
    }

    private ConnectorException permanent(String type, String message) {
        return ConnectorException.permanent(type, Masking.mask(message, secrets));
    }
}
