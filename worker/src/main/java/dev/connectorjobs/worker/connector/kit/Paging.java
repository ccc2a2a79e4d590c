package dev.connectorjobs.worker.connector.kit;

import java.util.Optional;

/**
 * How a vendor pages a list: given the request for one page and its answer, the request for the
 * next page, or empty when that page was the last. Strategies keep no state: what they need (the
 * page number, the offset) is in the request, so one strategy serves every job.
 */
@FunctionalInterface
public interface Paging {

    /**
     * The request for the page after {@code page}.
     *
     * @param request the request that produced {@code page}
     * @param items how many items {@code page} held
     */
    Optional<VendorRequest> next(VendorRequest request, VendorResponse page, int items);

    /**
     * Follows the link at {@code field} (a name such as {@code @odata.nextLink} or {@code next}, or a
     * JSON pointer such as {@code /links/next}) verbatim until it is absent or null: OData, AWX,
     * Landscape, JSON:API. The link may be absolute or relative to the base URL's origin, and is never
     * parsed or rebuilt.
     */
    static Paging nextLink(String field) {
        return (request, page, items) -> page.optionalText(field).map(VendorRequest::follow);
    }

    /**
     * Passes the token at {@code field} (e.g. {@code nextPageToken}, {@code /meta/paging/nextCursor})
     * as query parameter {@code param} ({@code pageToken}, {@code cursor}) until it is absent or
     * empty. The token is opaque: sent exactly as received.
     */
    static Paging token(String param, String field) {
        return (request, page, items) -> page.optionalText(field).map(token -> request.withQuery(param, token));
    }

    /**
     * Counts pages in query parameter {@code param}, starting at {@code first}, {@code size} items a
     * page, until {@code (page - first + 1) * size} reaches the total at {@code totalField} (e.g. Jamf's
     * {@code totalCount}); also stops at a page shorter than {@code size}.
     */
    static Paging pageNumber(String param, long first, int size, String totalField) {
        return (request, page, items) -> {
            long current = request.queryValue(param).map(Long::parseLong).orElse(first);
            long total =
                    page.optionalLong(totalField).orElseThrow(() -> page.malformed("'" + totalField + "' is missing"));
            boolean more = items >= size && (current - first + 1) * size < total;
            return more ? Optional.of(request.withQuery(param, Long.toString(current + 1))) : Optional.empty();
        };
    }

    /**
     * Advances query parameter {@code param} (an offset such as {@code $skip}, {@code offset}, {@code
     * startAt}) by the items of each page until a page is shorter than {@code size}.
     */
    static Paging offset(String param, int size) {
        return (request, page, items) -> {
            long current = request.queryValue(param).map(Long::parseLong).orElse(0L);
            return items >= size && items > 0
                    ? Optional.of(request.withQuery(param, Long.toString(current + items)))
                    : Optional.empty();
        };
    }

    /**
     * Counts pages in query parameter {@code param} from {@code first} until a page is empty (or, when
     * {@code size} is positive, shorter than {@code size}): for vendors that give no total and no link.
     */
    static Paging untilEmpty(String param, long first, int size) {
        return (request, page, items) -> {
            long current = request.queryValue(param).map(Long::parseLong).orElse(first);
            boolean more = items > 0 && (size <= 0 || items >= size);
            return more ? Optional.of(request.withQuery(param, Long.toString(current + 1))) : Optional.empty();
        };
    }
}
