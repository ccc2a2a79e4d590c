package dev.connectorjobs.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps renamed properties working: a value set under an old name is used for the new name unless
 * that is set too, with a warning that names the new one. The configuration metadata marks the old
 * names deprecated with their replacement, so IDEs flag them as well.
 */
final class RenamedProperties implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(RenamedProperties.class);

    /** A property's old and new name. */
    record Rename(String oldName, String newName) {}

    static final List<Rename> RENAMES = List.of(
            new Rename("jobs.api.workers.stale-after", "jobs.api.worker-stale-after"),
            new Rename("jobs.api.breakers.stale-after", "jobs.api.worker-stale-after"));

    /** The property source that carries the values of old names under the new ones; it comes last. */
    static final String SOURCE = "renamed properties";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        apply(event.getEnvironment());
    }

    static void apply(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Moved> moved = new LinkedHashMap<>();
        for (Rename rename : RENAMES) {
            BindResult<String> old = binder.bind(rename.oldName(), String.class);
            if (!old.isBound()) {
                continue;
            }
            String value = old.get();
            if (binder.bind(rename.newName(), String.class).isBound()) {
                log.warn(
                        "{} is ignored: {} replaces it and is set; remove {}",
                        rename.oldName(),
                        rename.newName(),
                        rename.oldName());
                continue;
            }
            Moved earlier = moved.putIfAbsent(rename.newName(), new Moved(rename.oldName(), value));
            if (earlier != null && !earlier.value().equals(value)) {
                throw new IllegalStateException(earlier.oldName() + " (" + earlier.value() + ") and " + rename.oldName()
                        + " (" + value + ") are one property now, " + rename.newName() + "; set "
                        + rename.newName() + " and remove them");
            }
            log.warn(
                    "{} is deprecated: set {} instead (it takes {} meanwhile)",
                    rename.oldName(),
                    rename.newName(),
                    value);
        }
        if (!moved.isEmpty()) {
            Map<String, Object> values = new LinkedHashMap<>();
            moved.forEach((name, from) -> values.put(name, from.value()));
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, values));
        }
    }

    private record Moved(String oldName, String value) {}
}
