-- Event data sources (GDELT, ICEWS, POLECAT, PLOVER records): PLOVER mode and context, and
-- how many source rows were collapsed into one event (GDELT duplicates).
ALTER TABLE event ADD COLUMN plover_mode VARCHAR;
ALTER TABLE event ADD COLUMN plover_context VARCHAR;
ALTER TABLE event ADD COLUMN records INTEGER;   -- source rows behind the event (1 unless collapsed)
