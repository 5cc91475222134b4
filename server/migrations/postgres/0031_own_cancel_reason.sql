-- A booking its resident cancelled without giving a reason kept a Chinese sentence as its
-- reason, which English readers saw as is; it is now empty and the status says what happened.
UPDATE bookings SET reason = '' WHERE status = 'cancelled' AND reason = '居民自行取消';
