-- A case hidden automatically after residents flagged it kept its reason in Chinese only; the
-- case now keeps the English beside it (a reason staff typed stays in their words, English
-- empty). Reasons stored before are filled in from the number of flags they name.
ALTER TABLE feedback_cases ADD COLUMN hidden_reason_en TEXT;

UPDATE feedback_cases
    SET hidden_reason = substring(hidden_reason from '^居民举报 (\d+) 次') || ' 位居民举报，待审核。',
        hidden_reason_en = 'Flagged by ' || substring(hidden_reason from '^居民举报 (\d+) 次')
            || ' residents; pending review.'
    WHERE hidden_reason ~ '^居民举报 \d+ 次，待工作人员复核$';
