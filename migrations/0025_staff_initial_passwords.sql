-- A password an admin set for a staff account (createStaffUser, resetStaffPassword) is an initial
-- one: the admin knows it. It stops signing in at password_expires_at (STAFF_INITIAL_PASSWORD_HOURS
-- after it was set) unless its owner changed it (changePassword clears the column). Null: a
-- password its owner chose.
alter table users add column password_expires_at timestamptz;
