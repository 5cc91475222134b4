-- Text the server writes into a case's timeline (assignment, extension, merge, escalation,
-- automatic closing, rating…) is kept as a code and values and rendered in each reader's
-- language (`feedback::texts`); `body` keeps only what a person wrote (a reason, a comment).
-- `text_params` is a JSON object of string values.
ALTER TABLE feedback_events ADD COLUMN text_code TEXT CHECK (text_code IS NULL OR length(text_code) <= 60);
ALTER TABLE feedback_events ADD COLUMN text_params TEXT CHECK (text_params IS NULL OR text_params::jsonb IS NOT NULL);

-- Rows written before: their Chinese sentences become codes and values.
UPDATE feedback_events SET text_code = 'timeline_assigned_department', body = ''
    WHERE kind = 'assigned' AND department_id IS NOT NULL AND body LIKE '已转交%办理。';
UPDATE feedback_events SET text_code = 'timeline_assigned_person', body = ''
    WHERE kind = 'assigned' AND body = '已指定专人办理。';
UPDATE feedback_events SET text_code = 'timeline_extended',
        text_params = (json_build_object('date', substr(body, 9, 10)))::text, body = substr(body, 20)
    WHERE kind = 'extended' AND body LIKE '办理期限延长至 %：%';
UPDATE feedback_events SET text_code = 'timeline_merged', body = ''
    WHERE kind = 'merged' AND body = '与同一问题的其他意见合并办理，答复将在合并后的意见中给出。';
UPDATE feedback_events SET text_code = 'timeline_closed_unrated',
        text_params = (json_build_object('days', substr(body, 5, length(body) - 18)))::text, body = ''
    WHERE kind = 'closed' AND body LIKE '答复后 % 天内未评价，系统自动办结。';
UPDATE feedback_events SET
        text_code = CASE WHEN length(body) > 6 THEN 'timeline_rated_comment' ELSE 'timeline_rated' END,
        text_params = (json_build_object('score', substr(body, 4, 1)))::text,
        body = CASE WHEN length(body) > 6 THEN substr(body, 8) ELSE '' END
    WHERE kind = 'rated' AND body LIKE '评价 _ 分%';
UPDATE feedback_events SET text_code = 'timeline_reopened', body = ''
    WHERE kind = 'reopened' AND body = '居民对答复不满意，已重新办理。';
UPDATE feedback_events SET text_code = 'timeline_due_soon',
        text_params = (json_build_object('date', substr(body, 4, 10)))::text, body = ''
    WHERE kind = 'reminded' AND actor_id IS NULL AND body LIKE '期限 % 将至，系统自动提醒。';
UPDATE feedback_events SET
        text_code = CASE WHEN body LIKE '%区级督办。' THEN 'timeline_escalated_district' ELSE 'timeline_escalated_subdistrict' END,
        text_params = (json_build_object('date', substr(body, 8, 10)))::text, body = ''
    WHERE kind = 'escalated' AND body LIKE '已逾期（期限 %），升级至%督办。';
UPDATE feedback_events SET text_code = 'timeline_merged_in',
        text_params = (json_build_object('code', substr(body, 5, strpos(body, '（') - 5),
            'title', substr(body, strpos(body, '（') + 1, length(body) - strpos(body, '（') - 1)))::text,
        body = ''
    WHERE kind = 'note' AND actor_id IS NOT NULL AND body LIKE '合并了 %（%）';
UPDATE feedback_events SET text_code = 'timeline_placed',
        text_params = (json_build_object(
            'community', substr(body, 5, strpos(body, '（') - 5),
            'community_en', substr(body, 5, strpos(body, '（') - 5),
            'queue', substr(body, strpos(body, '：') + 1, length(body) - strpos(body, '：') - 1),
            'queue_en', substr(body, strpos(body, '：') + 1, length(body) - strpos(body, '：') - 1)))::text,
        body = ''
    WHERE kind = 'note' AND body LIKE '已定位到%（原在分拣队列：%）';
UPDATE feedback_events SET text_code = 'timeline_hidden_flagged',
        text_params = (json_build_object('flags', substr(body, 12, length(body) - 37)))::text, body = ''
    WHERE kind = 'hidden' AND actor_id IS NULL AND body LIKE 'flagged by % residents; pending review';
