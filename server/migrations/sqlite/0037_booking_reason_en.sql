-- The reasons Linli itself gives a booking's cancellation (a venue closure, a declined waitlist
-- place, a deleted account, a lottery drawn, a community activity cancelled or moved) were
-- stored in Chinese only, and English readers saw them as is. A booking now keeps the English
-- beside them; a reason staff or a resident typed stays in their words (reason_en empty).
ALTER TABLE bookings ADD COLUMN reason_en TEXT;

UPDATE bookings SET reason_en = 'Venue closed: ' || substr(reason, 8)
    WHERE reason LIKE '场馆暂停开放：%';
UPDATE bookings SET reason_en = 'Waitlist place declined' WHERE reason = '放弃候补名额';
UPDATE bookings SET reason_en = 'Account deleted' WHERE reason = '账号已注销';
UPDATE bookings SET reason_en = 'Lottery drawn' WHERE reason = '抽签完成';
UPDATE bookings SET reason_en = 'Community activity cancelled' WHERE reason = '社区活动取消';
UPDATE bookings SET reason_en = 'Community activity moved to another time or place'
    WHERE reason = '社区活动改期或换场地';
