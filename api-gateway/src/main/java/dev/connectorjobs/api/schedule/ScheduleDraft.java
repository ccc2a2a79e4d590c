package dev.connectorjobs.api.schedule;

import tools.jackson.databind.JsonNode;

/** A schedule's fields after validation, about to be stored. */
record ScheduleDraft(String name, CronSchedule schedule, MisfirePolicy misfirePolicy, JsonNode job, boolean paused) {}
