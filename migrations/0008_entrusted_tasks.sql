-- 事项委托 (domain/task_entrustment.py): the courts a case has asked to do a task and not yet
-- heard from, so each of them lists the tasks addressed to it (store/queries.py tasks_for).
ALTER TABLE case_summary ADD COLUMN helping_courts text[] NOT NULL DEFAULT '{}';
CREATE INDEX case_summary_helping_courts ON case_summary USING gin (helping_courts);
