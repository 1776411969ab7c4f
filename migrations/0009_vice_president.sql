-- 副院长 (vice_president): the president or a vice-president approves a time-limit extension
-- (2006 执行期限规定 art. 1; edition 2 of the rules, domain/procedure.py), so a user may hold
-- the role. The check of 0004_users.sql, named by PostgreSQL after its column.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('officer', 'judge', 'bureau_head', 'vice_president', 'president',
                    'supervisor'));
