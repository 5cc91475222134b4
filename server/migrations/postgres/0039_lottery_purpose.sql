-- The bookings a lottery makes (the slot kept for the draw, a winner's booking) stored Linli's
-- own words as their purpose, in Chinese only. They now store none, and the API gives those
-- words in the reader's language.
UPDATE bookings SET purpose = ''
    WHERE lottery_id IS NOT NULL AND purpose IN ('抽签分配', '抽签中签');
