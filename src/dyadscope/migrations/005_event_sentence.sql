-- Coded text: the sentence of the document an event was coded from (1-based), next to the
-- document (doc_id) and the character span of its trigger (span_start, span_end).
ALTER TABLE event ADD COLUMN sentence INTEGER;
