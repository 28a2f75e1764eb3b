-- Title search (Query.listings(filter: { search })) reads listings_title_trgm_idx (0003), a GIN
-- index. GIN's default fastupdate=on puts new entries in a pending list that every index scan reads
-- in full, until VACUUM (or autovacuum, after about 1,000 + 20% of the table's rows inserted)
-- merges it into the index. After 10,000 listings inserted in one go the list held ~500 pages, and
-- the planner, charging for it, answered a search no title matches with a sequential scan of every
-- listing (10-30 ms at 10,000 rows, growing with the catalog) although it estimated one match.
-- Listings are written at the pace of sellers, read at the pace of buyers: new entries go straight
-- into the index instead (a few trigrams per new or retitled listing; stock updates stay HOT and
-- never touch it), and what is pending now is merged.
alter index listings_title_trgm_idx set (fastupdate = off);
select gin_clean_pending_list('listings_title_trgm_idx'::regclass);
