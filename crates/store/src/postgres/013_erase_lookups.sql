-- Version 13: what an anonymize or a delete looks up, a batch at a time,
-- found by index instead of by a scan of the table: the members of the
-- structures a delete removes (few contacts have a structure: a small
-- index), and the log lines that name a contact by number (service logs
-- only; the lines of a create do not).
CREATE INDEX contact_member ON contact (institution_id, member_of)
    WHERE member_of IS NOT NULL;
CREATE INDEX log_line_contact ON log_line (institution_id, (CAST(args AS jsonb) ->> 'contact_number'))
    WHERE args LIKE '%"contact_number"%';
