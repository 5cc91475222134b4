-- A deleted account's name was stored as the Chinese words "已注销用户"; it now stores a single
-- space (which no one can choose: names are trimmed) and reads as "deleted account" in the
-- reader's language.
UPDATE users SET display_name = ' ' WHERE status = 'deleted';
