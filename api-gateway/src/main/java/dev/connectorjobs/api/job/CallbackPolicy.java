package dev.connectorjobs.api.job;

import dev.connectorjobs.model.catalog.FieldError;
import java.util.List;

/** Decides whether a submission may name a completion callback (the allow-list, the secret's name). */
public interface CallbackPolicy {

    /**
     * What is wrong with a callback, as field errors of {@code callback_url} and {@code
     * callback_secret}; empty when it may be used.
     *
     * @param secret the name of a configured signing secret, or null for the default one
     */
    List<FieldError> problems(String url, String secret);

    /** The secret name a callback without {@code callback_secret} is signed with. */
    String defaultSecret();
}
