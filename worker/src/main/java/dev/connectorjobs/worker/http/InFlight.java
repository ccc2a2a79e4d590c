package dev.connectorjobs.worker.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * The requests one job attempt has in flight; registered once as that attempt's cancellation
 * callback, it aborts them all when the attempt is cancelled (revoke, time limit, shutdown).
 */
final class InFlight implements Runnable {

    private final Set<HttpUriRequestBase> requests = ConcurrentHashMap.newKeySet();

    void add(HttpUriRequestBase request) {
        requests.add(request);
    }

    void remove(HttpUriRequestBase request) {
        requests.remove(request);
    }

    @Override
    public void run() {
        for (HttpUriRequestBase request : requests) {
            request.cancel();
        }
    }
}
