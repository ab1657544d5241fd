-- Version 15: the pairs of contacts a person reviewed as one person or
-- two (`intake duplicates review`): a pair reviewed as two people is never
-- proposed again. Who and when are kept; the smaller number comes first.
CREATE TABLE duplicate_review (
    institution_id  BIGINT NOT NULL,
    contact_1       BIGINT NOT NULL,
    contact_2       BIGINT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('same', 'different')),
    decided_by      TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    PRIMARY KEY (institution_id, contact_1, contact_2),
    CHECK (contact_1 < contact_2)
);
