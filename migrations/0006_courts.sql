-- The court registry (domain/courts.py, store/courts.py): every court with the court above it.
-- Seeded from store/data/courts.csv when created (store/db.py); `zhixing courts import` adds
-- rows. Cases record their own chain at filing; listings and indicators read this table.
CREATE TABLE courts (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    level       text NOT NULL CHECK (level IN ('最高', '高级', '中级', '基层', '专门')),
    parent_code text REFERENCES courts (code) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((parent_code IS NULL) = (code = '最高法'))
);
CREATE INDEX courts_parent ON courts (parent_code);
