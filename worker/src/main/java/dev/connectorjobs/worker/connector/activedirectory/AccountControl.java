package dev.connectorjobs.worker.connector.activedirectory;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of Active Directory's {@code userAccountControl} bit field (Microsoft's {@code
 * ADS_USER_FLAG_ENUM}), by the names Microsoft documents. {@code ACCOUNTDISABLE} is the one most
 * readers want: the account cannot log on (for a computer: it is no longer in use).
 */
enum AccountControl {
    SCRIPT(0x1),
    ACCOUNTDISABLE(0x2),
    HOMEDIR_REQUIRED(0x8),
    LOCKOUT(0x10),
    PASSWD_NOTREQD(0x20),
    PASSWD_CANT_CHANGE(0x40),
    ENCRYPTED_TEXT_PWD_ALLOWED(0x80),
    TEMP_DUPLICATE_ACCOUNT(0x100),
    NORMAL_ACCOUNT(0x200),
    INTERDOMAIN_TRUST_ACCOUNT(0x800),
    WORKSTATION_TRUST_ACCOUNT(0x1000),
    SERVER_TRUST_ACCOUNT(0x2000),
    DONT_EXPIRE_PASSWORD(0x10000),
    MNS_LOGON_ACCOUNT(0x20000),
    SMARTCARD_REQUIRED(0x40000),
    TRUSTED_FOR_DELEGATION(0x80000),
    NOT_DELEGATED(0x100000),
    USE_DES_KEY_ONLY(0x200000),
    DONT_REQ_PREAUTH(0x400000),
    PASSWORD_EXPIRED(0x800000),
    TRUSTED_TO_AUTH_FOR_DELEGATION(0x1000000),
    PARTIAL_SECRETS_ACCOUNT(0x4000000);

    private final int bit;

    AccountControl(int bit) {
        this.bit = bit;
    }

    /** Whether this flag is set in {@code value}. */
    boolean in(long value) {
        return (value & bit) != 0;
    }

    /** The names of the flags set in {@code value}, in bit order; bits Microsoft does not name are left out. */
    static List<String> names(long value) {
        List<String> names = new ArrayList<>();
        for (AccountControl flag : values()) {
            if (flag.in(value)) {
                names.add(flag.name());
            }
        }
        return List.copyOf(names);
    }
}
