-- The W3C trace context of the request that submitted the job (00-<trace id>-<span id>-<flags>),
-- so that the dispatch, the claim, the run and every vendor request of every attempt join the
-- submitter's trace, whichever process does them and however late. Null when the API ran
-- without a tracer. No default and no CHECK: adding the column then changes only the catalog,
-- without a scan of a large jobs table under its exclusive lock (the API writes only the values
-- its tracer produced).
ALTER TABLE jobs ADD COLUMN traceparent text;
