package dev.connectorjobs.bench;

/** What {@code java -jar devstack.jar bench --help} prints: every option, its default and its limit. */
final class BenchUsage {

    private BenchUsage() {}

    static final String TEXT = """
            Usage: java -jar devstack.jar bench [options]

            Submits diagnostics jobs through the HTTP API, waits until PostgreSQL says every job
            is terminal, prints throughput, latency percentiles (from the intended send time) and
            HTTP errors, checks that every job ran exactly once, and ends with one line
            "BENCH {json}". Exit status: 0 when every job was accepted and ran exactly once, 1
            otherwise, 2 on bad arguments.

            Without --api it starts a stack of its own like "devstack start" (in a temporary data
            directory, deleted afterwards), with a random admin key and no submission rate limit.

            Options:
              --jobs N               jobs to submit (default 10000)
              --warmup N             first submit rounds of N jobs as fast as possible and wait
                                     for them, unmeasured, until two rounds in a row cost the
                                     machine no less than 95 % of the CPU per job of the cheapest
                                     round before them (at most 8 rounds), so the JVMs' compilers
                                     are done; when N > 0,
                                     --lookups M are also preceded by M unmeasured lookups
                                     (default 0)
              --rate R|max           jobs per second, open loop; max: as fast as the clients can
                                     (default max)
              --batch B              jobs per request; above 1 uses POST /api/v1/jobs:batch
                                     (default 1, at most 1000)
              --clients C            concurrent HTTP clients (default 64; with --batch: 8)
              --operation OP         echo, sleep or http (default echo). http: each job makes
                                     one real HTTP call through the connector stack
                                     (external_api: resilient client, breaker, pool) to a stub
                                     vendor the bench starts in a process of its own (its CPU is
                                     the report's "stub"); the bench's own stack only
              --sleep-ms M           how long each sleep job sleeps (default 10)
              --latency-ms L         how long the stub takes to answer each http job (default 100)
              --workers W            worker JVMs of the bench's own stack (default 2)
              --data-dir D           keep the bench's own stack in D instead of a temporary directory
              --timeout S            seconds for submitting and waiting together (default 600)
              --startup-timeout S    seconds the bench's own stack may take to start (default 180)
              --footprint-every S    every S seconds of the run, and once at its end, print each
                                     process of the bench's own stack: heap after a full GC (asked
                                     with jcmd), RSS (PostgreSQL: PSS of server and backends),
                                     threads, file descriptors, sockets, and PostgreSQL's
                                     connections; the marks end in a "FOOTPRINT {json}" line. For a
                                     soak: a leak is a column that grows (default: none)
              --replica-events E     change the bench's own stack's workers during the run: a
                                     comma list of add@S, stop@S, kill@S (S: seconds after the
                                     measured run starts, within --jobs / --rate; needs a fixed
                                     --rate). add starts one more worker; stop sends SIGTERM to
                                     the longest-running worker (it drains and leaves); kill sends
                                     it SIGKILL (its jobs in flight run again once their leases
                                     expire). For each event the report prints, 30 s before and
                                     after it: attempts started/s, successes/s, submit->started
                                     p50/p95/p99/max of the jobs due then, and the longest
                                     time no attempt started (the stall); and the jobs that ran
                                     more than once, by the worker of their first attempt, in
                                     "replica_events" and "reruns_by_first_worker" of the BENCH
                                     line. Only a killed worker's lost jobs may run again
                                     (default: none)
              --api URL              measure a running stack instead (plain http), e.g.
                                     http://127.0.0.1:8080
              --key K                API key for --api (default: $JOBS_BENCH_KEY, then
                                     $JOBS_BOOTSTRAP_ADMIN_KEY); it needs a high enough
                                     submission rate limit
              --db-url URL           that stack's database for the verdict (default: $JOBS_DB_URL;
                                     user and password from $JOBS_DB_USER, $JOBS_DB_PASSWORD)

            Flow control (fairness between API keys, priorities):
              --probe N              while the run's jobs flood the queue, submit N echo jobs one at
                                     a time and report their submit->start latency (created_at to
                                     started_at) and the backlog each found, on a "PROBE {json}"
                                     line (default 0: none)
              --probe-rate R         probes per second (default 10)
              --probe-priority P     the probes' priority, 1 to 9 (default 5)
              --probe-key other|same other: a USER key of their own, a second tenant (fairness);
                                     same: the run's key (priority alone) (default other)
              --probe-backlog B      start the probes once B jobs wait to start, or once the run's
                                     submission has ended (default 0)

            History ("history must not slow the present"):
              --history N            before the run, seed finished jobs directly in PostgreSQL
                                     until the jobs table holds about N rows (SUCCESS echo jobs
                                     with one attempt each, UUIDv7 ids, finished over the past 30
                                     days), in transactions of 1M rows, then VACUUM ANALYZE; prints
                                     the time it took and the table and index sizes. Slow: about
                                     25000 jobs/s on 2 cores, so 10M take about 7 minutes and 7.7 GB
                                     of disk; with --data-dir a later run reuses them (default 0)
              --lookups M            after every job of the run is terminal, send M status lookups
                                     (GET /api/v1/admin/tasks/{id}/status) from the clients: half
                                     for random seeded history, half for random jobs of this run
                                     (all of this run without history); prints p50/p95/p99/max,
                                     lookups/s and EXPLAIN (ANALYZE, BUFFERS) of the API's lookup
                                     queries; 0 turns them off (default 10000)
              --lookup-rate R|max    lookups per second, open loop, latency from the intended send
                                     time (default 200: a rate 2 cores serve without queueing)
              --lookups-during R     while the run's jobs flow, from the run's start until its last
                                     job is terminal, send R status lookups per second (open loop,
                                     latency from the intended send time), each for a random job of
                                     this run accepted so far, so they see jobs in every state;
                                     from R x 50 ms client threads (at least 4, at most 1024), so
                                     lookups slower than 50 ms make the schedule fall behind.
                                     Reports lookups sent, p50/p95/p99/max, HTTP statuses, the job
                                     statuses seen, lookups skipped (due before the first job was
                                     accepted), late (sent over 100 ms after due) and unsent at the
                                     end, in "status_lookup_during_run"; the run's throughput is
                                     reported as without, to compare. With --warmup N the warm-up
                                     rounds send them too, unmeasured. At most 20000 (default: none)
              --retention D          the bench's own api-gateway deletes finished jobs older than
                                     D (e.g. 27d, 12h) every 30 s, the first time 30 s after it
                                     starts, so the sweep overlaps the run and the lookups; the
                                     report shows the rows it deleted and how fast. The history must already be there: seed it first with
                                     --history N --data-dir DIR, then run again with the same options
                                     and --retention. Without --retention the bench's own stack
                                     keeps finished jobs for 100 years, so the history stays.
            """;
}
