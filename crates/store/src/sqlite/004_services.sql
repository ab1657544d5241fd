-- Version 4: the extended format and every contact service. The reference
-- data an institution defines before an import (criteria and their elements,
-- structure types, authorizations, the reserved range of legacy numbers), the
-- extended fields of a contact, consents with their provenance, the
-- before-images an undo restores, retired numbers and the audit trail.
ALTER TABLE institution ADD COLUMN reserved_from INTEGER;
ALTER TABLE institution ADD COLUMN reserved_to INTEGER;

ALTER TABLE contact ADD COLUMN phone TEXT;
ALTER TABLE contact ADD COLUMN mobile TEXT;
ALTER TABLE contact ADD COLUMN structure_type TEXT;
ALTER TABLE contact ADD COLUMN administrative_number TEXT;
ALTER TABLE contact ADD COLUMN billing_address_line1 TEXT;
ALTER TABLE contact ADD COLUMN billing_address_line2 TEXT;
ALTER TABLE contact ADD COLUMN billing_postal_code TEXT;
ALTER TABLE contact ADD COLUMN billing_town TEXT;
ALTER TABLE contact ADD COLUMN billing_state TEXT;
ALTER TABLE contact ADD COLUMN billing_country TEXT;
ALTER TABLE contact ADD COLUMN shipping_address_line1 TEXT;
ALTER TABLE contact ADD COLUMN shipping_address_line2 TEXT;
ALTER TABLE contact ADD COLUMN shipping_postal_code TEXT;
ALTER TABLE contact ADD COLUMN shipping_town TEXT;
ALTER TABLE contact ADD COLUMN shipping_state TEXT;
ALTER TABLE contact ADD COLUMN shipping_country TEXT;
ALTER TABLE contact ADD COLUMN member_of INTEGER;        -- a structure's number
ALTER TABLE contact ADD COLUMN structure_key TEXT;       -- normalised name + address
ALTER TABLE contact ADD COLUMN last_import_id INTEGER;   -- the last import that wrote it

-- Partial: most contacts are individuals, and an index entry per row would
-- slow the bulk insert down.
CREATE INDEX contact_structure ON contact (institution_id, structure_key)
    WHERE structure_key IS NOT NULL;

CREATE TABLE criterion (
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    PRIMARY KEY (institution_id, code)
) WITHOUT ROWID;

CREATE TABLE criterion_element (
    institution_id  INTEGER NOT NULL,
    criterion       TEXT NOT NULL,
    code            TEXT NOT NULL,
    PRIMARY KEY (institution_id, criterion, code)
) WITHOUT ROWID;

CREATE TABLE structure_type (
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    PRIMARY KEY (institution_id, code)
) WITHOUT ROWID;

CREATE TABLE authorization_kind (
    institution_id  INTEGER NOT NULL REFERENCES institution(id),
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    PRIMARY KEY (institution_id, code)
) WITHOUT ROWID;

CREATE TABLE contact_criterion (
    institution_id  INTEGER NOT NULL,
    contact_number  INTEGER NOT NULL,
    criterion       TEXT NOT NULL,
    element         TEXT NOT NULL,
    PRIMARY KEY (institution_id, contact_number, criterion, element)
) WITHOUT ROWID;

-- A consent and where it came from.
CREATE TABLE contact_authorization (
    institution_id  INTEGER NOT NULL,
    contact_number  INTEGER NOT NULL,
    code            TEXT NOT NULL,
    granted         INTEGER NOT NULL,             -- 1 yes, 0 no
    import_id       INTEGER,
    source_row      INTEGER,
    at              TEXT NOT NULL,
    PRIMARY KEY (institution_id, contact_number, code)
) WITHOUT ROWID;

-- What an import changed on an existing contact: the before-image an undo
-- restores (JSON), erased with the contact's other personal data.
CREATE TABLE contact_change (
    institution_id  INTEGER NOT NULL,
    import_id       INTEGER NOT NULL,
    contact_number  INTEGER NOT NULL,
    source_row      INTEGER NOT NULL,
    kind            TEXT NOT NULL,                -- updated | inactivated | anonymized | deleted
    before          TEXT,
    PRIMARY KEY (institution_id, import_id, contact_number)
) WITHOUT ROWID;

CREATE INDEX contact_change_contact ON contact_change (institution_id, contact_number);

-- Numbers of deleted contacts: never given again.
CREATE TABLE retired_number (
    institution_id  INTEGER NOT NULL,
    contact_number  INTEGER NOT NULL,
    created_import_id INTEGER,                       -- the import that had created it
    PRIMARY KEY (institution_id, contact_number)
) WITHOUT ROWID;

-- Who did what irreversible (or reverting) to which contacts.
CREATE TABLE audit_line (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id  INTEGER NOT NULL,
    at              TEXT NOT NULL,
    who             TEXT NOT NULL,
    action          TEXT NOT NULL,
    import_id       INTEGER,
    numbers         TEXT NOT NULL                 -- comma-separated contact numbers
);

CREATE INDEX audit_institution ON audit_line (institution_id, id);

-- How a service matches and merges rows (match=…, criteria=…).
ALTER TABLE import ADD COLUMN options TEXT NOT NULL DEFAULT '';
