-- Listing a court's subtree by an index range, as the code's prefix once did (issue 17,
-- docs/PERFORMANCE.md): each case's path of courts, from the Supreme People's Court down to its
-- own ('/最高法/京/京03/京0105/'), read from the chain the case recorded at filing (for a case
-- filed before the registry, the code's prefix: '/最高法/京/京01/京0105/'). A court's subtree is
-- every case whose path starts with the court's own path in the registry (court_path below).

-- The path of a court in the registry; NULL for a code it does not hold.
CREATE FUNCTION court_path(text) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up(code, parent_code, depth) AS (
        SELECT code, parent_code, 0 FROM courts WHERE code = $1
        UNION ALL
        SELECT c.code, c.parent_code, up.depth + 1 FROM courts c JOIN up ON c.code = up.parent_code
    )
    SELECT '/' || string_agg(code, '/' ORDER BY depth DESC) || '/' FROM up HAVING count(*) > 0
$$;

ALTER TABLE case_summary ADD COLUMN court_path text;
UPDATE case_summary SET court_path = CASE
    WHEN json_array_length(coalesce(state -> 'court_chain', '[]'::json)) > 0 THEN
        (SELECT '/' || string_agg(x, '/' ORDER BY n DESC) || '/'
           FROM json_array_elements_text(state -> 'court_chain') WITH ORDINALITY AS t(x, n))
    WHEN court_code = '最高法' THEN '/最高法/'
    ELSE '/最高法/' || left(court_code, 1) || '/'
         || CASE WHEN length(court_code) > 1 THEN left(court_code, 3) || '/' ELSE '' END
         || CASE WHEN length(court_code) > 3 THEN court_code || '/' ELSE '' END
END;
ALTER TABLE case_summary ALTER COLUMN court_path SET NOT NULL;

-- The supervisors' lists by subtree (the court_code indexes they replace stay only where a
-- court's own list reads them: case_summary_court_deadline).
CREATE INDEX case_summary_path_deadline ON case_summary
    (court_path text_pattern_ops, next_deadline_at) WHERE status <> 'closed';
DROP INDEX case_summary_escalation;
CREATE INDEX case_summary_escalation ON case_summary
    (escalation_level, court_path text_pattern_ops) WHERE escalation_level > 0;
DROP INDEX case_summary_supervised;
CREATE INDEX case_summary_supervised ON case_summary (court_path text_pattern_ops)
    WHERE supervised;
DROP INDEX case_summary_petitions;
CREATE INDEX case_summary_petitions ON case_summary (court_path text_pattern_ops)
    WHERE open_petitions > 0;
DROP INDEX case_summary_court_filed;
CREATE INDEX case_summary_court_filed ON case_summary (court_path text_pattern_ops, filed_on);
