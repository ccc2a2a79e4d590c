package dev.connectorjobs.api.catalog;

import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the connectors, their operations and declared parameters. */
@RestController
@RequiresUser
class CatalogController {

    private final ConnectorCatalog catalog;

    CatalogController(ConnectorCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/connectors")
    Map<String, List<ConnectorDescriptor>> connectors() {
        return Map.of("connectors", catalog.connectors());
    }
}
