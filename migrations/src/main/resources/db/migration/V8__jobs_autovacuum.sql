-- Every job row is updated two or three times within seconds of its insert. With PostgreSQL's
-- defaults (analyze after 10 % of the rows changed, vacuum after 20 % are dead) a growing table's
-- statistics lag far behind it, and the hot path's statements keep the plans cached while the table
-- was small: a claim planned against a nearly empty table joins its ids by scanning the whole
-- table, until the next ANALYZE replans it. A large table also collects millions of dead index
-- entries before vacuum removes them. Analyze and vacuum this table after a fixed share instead.
ALTER TABLE jobs SET (
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0.05,
    autovacuum_vacuum_threshold = 1000
);
