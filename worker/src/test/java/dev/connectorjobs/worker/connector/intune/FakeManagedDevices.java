package dev.connectorjobs.worker.connector.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.connector.microsoft.GraphStub;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Intune's managed devices as Graph serves them, generated on the fly so that a large tenant costs
 * no stub memory: {@code {"@odata.context", "value": [...], "@odata.nextLink"}} pages of {@code
 * $top} devices, the next link repeating the first request's query plus an opaque {@code
 * $skiptoken}. Use it with {@code aResponse().withTransformers(FakeManagedDevices.NAME)}.
 */
final class FakeManagedDevices implements ResponseDefinitionTransformerV2 {

    static final String NAME = "intune-managed-devices";

    private final int size;

    FakeManagedDevices(int size) {
        this.size = size;
    }

    /** The opaque skip token of the page that starts at {@code offset}. */
    static String skipToken(long offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("RFNwdAIAAQAAACM6:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static long offset(QueryParameter token) {
        if (!token.isPresent()) {
            return 0;
        }
        String state = new String(Base64.getUrlDecoder().decode(token.firstValue()), StandardCharsets.UTF_8);
        return Long.parseLong(state.substring(state.indexOf(':') + 1));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        long offset = offset(request.queryParameter("$skiptoken"));
        QueryParameter top = request.queryParameter("$top");
        int limit = top.isPresent() ? Integer.parseInt(top.firstValue()) : 100;
        long end = Math.min(size, offset + limit);
        StringBuilder body = new StringBuilder(1024 + limit * 700)
                .append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#deviceManagement/")
                .append("managedDevices(id,deviceName)\",\"value\":[");
        for (long n = offset; n < end; n++) {
            if (n > offset) {
                body.append(',');
            }
            body.append(IntuneDevices.device(n + 1));
        }
        body.append(']');
        if (end < size) {
            String url = request.getAbsoluteUrl();
            int skip = url.indexOf("&$skiptoken=");
            String first = skip < 0 ? url : url.substring(0, skip);
            body.append(",\"@odata.nextLink\":\"")
                    .append(first)
                    .append("&$skiptoken=")
                    .append(skipToken(end))
                    .append('"');
        }
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", GraphStub.JSON)
                .withBody(body.append('}').toString())
                .build();
    }
}
