-- The staff list (staffMembers: the colleagues a dispute can be assigned to) reads staff accounts
-- only, by name: a partial index keeps it from scanning every buyer and seller.
create index users_staff_idx on users (display_name, id)
  where roles && array['SUPPORT', 'ADMIN']::user_role[];
