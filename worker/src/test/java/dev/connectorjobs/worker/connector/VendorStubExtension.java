package dev.connectorjobs.worker.connector;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The life of a connector test class against a WireMock vendor: one vendor on a free loopback port
 * for the class, its stubs and request log cleared before each test, and a fresh {@link
 * ConnectorTestbed} for each test, closed after it. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final VendorStubExtension vendor = new VendorStubExtension();
 * static final WireMockServer service = vendor.server();
 * }</pre>
 */
public final class VendorStubExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final WireMockServer server;
    private @Nullable ConnectorTestbed testbed;

    /**
     * @param extensions WireMock extensions the vendor answers with, e.g. a {@code
     *     ResponseDefinitionTransformerV2} that keeps the vendor's state
     */
    public VendorStubExtension(Extension... extensions) {
        this.server = ConnectorTestbed.vendor(extensions);
    }

    /** The vendor, started before the class's first test. */
    public WireMockServer server() {
        return server;
    }

    /** The current test's testbed. */
    public ConnectorTestbed testbed() {
        if (testbed == null) {
            throw new IllegalStateException("the testbed exists only while a test runs");
        }
        return testbed;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
        testbed = new ConnectorTestbed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (testbed != null) {
            testbed.close();
            testbed = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }
}
