-- Version 11: an import's mode and status, and a contact's status, are
-- closed sets; the base refuses any other value (the code reads one it
-- does not know as a corrupt base, never as a default). SQLite adds no
-- CHECK to a column of an existing table without rebuilding it: triggers
-- do the same for every write from now on.
CREATE TRIGGER IF NOT EXISTS import_closed_sets_insert BEFORE INSERT ON import
WHEN NEW.mode NOT IN ('create', 'update', 'upsert', 'qualify', 'inactivate', 'anonymize', 'delete')
  OR NEW.status NOT IN ('queued', 'running', 'completed', 'failed', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'import: mode or status outside its closed set');
END;
CREATE TRIGGER IF NOT EXISTS import_closed_sets_update BEFORE UPDATE OF mode, status ON import
WHEN NEW.mode NOT IN ('create', 'update', 'upsert', 'qualify', 'inactivate', 'anonymize', 'delete')
  OR NEW.status NOT IN ('queued', 'running', 'completed', 'failed', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'import: mode or status outside its closed set');
END;
CREATE TRIGGER IF NOT EXISTS contact_status_insert BEFORE INSERT ON contact
WHEN NEW.status NOT IN ('active', 'inactive', 'anonymized')
BEGIN
    SELECT RAISE(ABORT, 'contact: status outside its closed set');
END;
CREATE TRIGGER IF NOT EXISTS contact_status_update BEFORE UPDATE OF status ON contact
WHEN NEW.status NOT IN ('active', 'inactive', 'anonymized')
BEGIN
    SELECT RAISE(ABORT, 'contact: status outside its closed set');
END;
