package dev.connectorjobs.worker.connector.intune;

/** Managed devices as Graph v1.0 returns them for the connector's {@code $select}. */
final class IntuneDevices {

    static final String PATH = "/deviceManagement/managedDevices";

    private IntuneDevices() {}

    /** The id of device {@code n}: a GUID, in {@code n} order. */
    static String id(long n) {
        return "%08x-6c1e-4b7a-9d2f-%012x".formatted(n, n);
    }

    /** Device {@code n}; every seventh never synced ({@code 0001-01-01T00:00:00Z}, as Graph reports it). */
    static String device(long n) {
        String synced = n % 7 == 0 ? "0001-01-01T00:00:00Z" : "2026-11-30T08:%02d:%02dZ".formatted(n / 60 % 60, n % 60);
        return """
                {"id":"%s","deviceName":"DESKTOP-%05d","operatingSystem":"Windows","osVersion":"10.0.22631.4460",\
                "serialNumber":"5CG%07d","lastSyncDateTime":"%s","azureADDeviceId":"%08x-2f4e-4a1b-8c3d-%012x",\
                "userPrincipalName":"user%d@contoso.onmicrosoft.com","managedDeviceOwnerType":"company",\
                "complianceState":"compliant","managementAgent":"mdm","manufacturer":"HP","model":"EliteBook 840 G9",\
                "enrolledDateTime":"2025-02-11T09:12:44Z","wiFiMacAddress":"a4b1c2d3e4f5","imei":null}""".formatted(id(n), n, n, synced, n, n, n);
    }
}
