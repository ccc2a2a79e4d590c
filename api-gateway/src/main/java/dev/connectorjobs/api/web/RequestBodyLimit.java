package dev.connectorjobs.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with 413: at once when the declared length is too large,
 * and while reading when a body without a declared length grows past it. Runs before
 * authentication, so an oversized body is never read.
 */
public final class RequestBodyLimit extends OncePerRequestFilter {

    private static final int BATCH_BODY_FACTOR = 16;

    private final long limit;
    private final ProblemWriter problems;

    /**
     * @param limit largest body in bytes; batch submissions ({@code ...:batch}) may send 16 times
     *     as much
     */
    public RequestBodyLimit(long limit, ProblemWriter problems) {
        this.limit = limit;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long allowed = limit * (request.getRequestURI().endsWith(":batch") ? BATCH_BODY_FACTOR : 1);
        if (request.getContentLengthLong() > allowed) {
            problems.send(
                    request,
                    response,
                    413,
                    "payload-too-large",
                    "Payload too large",
                    "The request body is " + request.getContentLengthLong() + " bytes; the limit is " + allowed
                            + " bytes. Send less data or split the request.");
            return;
        }
        chain.doFilter(new LimitedRequest(request, allowed), response);
    }

    /** Counts the body as it is read, for requests that do not declare their length. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws RequestTooLargeException {
                    read += n;
                    if (read > limit) {
                        throw new RequestTooLargeException(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
