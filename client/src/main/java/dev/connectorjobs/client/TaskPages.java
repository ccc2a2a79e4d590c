package dev.connectorjobs.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of a listing, one keyset page at a time: the next page is requested, with the previous
 * page's {@code next_cursor}, only when the tasks read so far are used up. Not thread-safe.
 */
final class TaskPages implements Iterator<TaskSummary> {

    private final Function<@Nullable String, TaskPage> fetch;
    private final Deque<TaskSummary> buffer = new ArrayDeque<>();
    private @Nullable String cursor;
    private boolean last;

    TaskPages(Function<@Nullable String, TaskPage> fetch) {
        this.fetch = fetch;
    }

    @Override
    public boolean hasNext() {
        while (buffer.isEmpty() && !last) {
            TaskPage page = fetch.apply(cursor);
            buffer.addAll(page.tasks());
            cursor = page.nextCursor();
            last = cursor == null;
        }
        return !buffer.isEmpty();
    }

    @Override
    public TaskSummary next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more tasks in this listing");
        }
        return buffer.removeFirst();
    }
}
