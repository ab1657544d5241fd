//! The services: every mode but create (update, upsert, qualify, inactivate,
//! anonymize, delete), and what the extended format adds to create (legacy
//! numbers, structure duplicates, criteria, consents, membership).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use intake_core::check::outside_reserved;
use intake_core::value::{ContactStatus, ContactType, comparison_key};
use intake_core::{Category, Column, ContactDraft, IssueCode, Level, RowIssue, row_patch};
use intake_store::services::{self, Change, Consent, ContactWrite, StoredContact};
use intake_store::{NewLogLine, phase};
use jiff::Timestamp;

use crate::error::ImportError;
use crate::keys::KeyHash;
use crate::run::{CriteriaMode, MatchKey, Mode, Pending, Run};

/// The comparison key of a main address ("" when none).
fn draft_address_key(d: &ContactDraft<'_>) -> String {
    match &d.address {
        Some(a) => comparison_key(&format!(
            "{} {} {} {}",
            a.line1.unwrap_or(""),
            a.postal_code.as_str(),
            a.town.as_str(),
            a.country.alpha2()
        )),
        None => String::new(),
    }
}

fn stored_address_key(c: &StoredContact) -> String {
    comparison_key(&format!(
        "{} {} {} {}",
        c.get(Column::AddressLine1).unwrap_or(""),
        c.get(Column::PostalCode).unwrap_or(""),
        c.get(Column::Town).unwrap_or(""),
        c.get(Column::Country).unwrap_or("")
    ))
}

fn stop(p: &mut Pending<'_>, issue: RowIssue) {
    p.issues.push(issue);
    p.draft = None;
}

/// A row's outcome line (`contact.updated`, …): no personal value in it.
fn outcome_line(row: u64, outcome: &'static str, number: Option<i64>) -> NewLogLine {
    NewLogLine {
        phase: phase::CONFLICTS,
        at: Timestamp::now(),
        level: Level::Info,
        category: Category::Change,
        row: Some(row),
        column: None,
        code: Some(format!("contact.{outcome}").into()),
        value: None,
        outcome: Some(outcome.into()),
        message_id: format!("log-row-{outcome}").into(),
        args: number
            .map(|n| vec![("contact_number".to_string(), n.to_string())])
            .unwrap_or_default(),
        subject: None,
    }
}

/// One changed field, before → after.
fn change_line(row: u64, number: i64, column: String, before: &str, after: &str) -> NewLogLine {
    NewLogLine {
        phase: phase::CONFLICTS,
        at: Timestamp::now(),
        level: Level::Info,
        category: Category::Change,
        row: Some(row),
        column: Some(column.into()),
        code: Some("field.changed".into()),
        value: Some(after.to_string()),
        outcome: Some("updated".into()),
        message_id: if after.is_empty() {
            "log-change-cleared"
        } else if before.is_empty() {
            "log-change-set"
        } else {
            "log-change"
        }
        .into(),
        args: vec![
            ("before".into(), before.to_string()),
            ("after".into(), after.to_string()),
            ("contact_number".into(), number.to_string()),
        ],
        subject: None,
    }
}

/// Every difference between two states of a contact, as (column, before, after).
pub(crate) fn differences(a: &StoredContact, b: &StoredContact) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for c in services::fields() {
        let (x, y) = (a.get(c).unwrap_or(""), b.get(c).unwrap_or(""));
        if x != y {
            out.push((c.name().to_string(), x.to_string(), y.to_string()));
        }
    }
    if a.status != b.status {
        out.push(("status".into(), a.status.to_string(), b.status.to_string()));
    }
    let criteria: BTreeSet<&String> = a
        .criteria
        .iter()
        .chain(&b.criteria)
        .map(|(c, _)| c)
        .collect();
    for criterion in criteria {
        let list = |c: &StoredContact| {
            c.criteria
                .iter()
                .filter(|(k, _)| k == criterion)
                .map(|(_, e)| e.as_str())
                .collect::<Vec<_>>()
                .join("|")
        };
        let (x, y) = (list(a), list(b));
        if x != y {
            out.push((format!("criterion:{criterion}"), x, y));
        }
    }
    let codes: BTreeSet<&String> = a
        .authorizations
        .keys()
        .chain(b.authorizations.keys())
        .collect();
    for code in codes {
        let yes_no = |c: &StoredContact| match c.authorizations.get(code) {
            Some(c) if c.granted => "yes",
            Some(_) => "no",
            None => "",
        };
        let (x, y) = (yes_no(a), yes_no(b));
        if x != y {
            out.push((format!("authorization:{code}"), x.into(), y.into()));
        }
    }
    out
}

impl Run<'_, '_> {
    /// Legacy numbers: each free in the base (never given, never retired)
    /// and once in the file.
    pub(crate) fn check_legacy_numbers(
        &mut self,
        batch: &mut [Pending<'_>],
    ) -> Result<(), ImportError> {
        // A file without the column (the basic template) has no number to
        // look for: no pass over the batch.
        if !self.map.has(Column::ContactNumber) {
            return Ok(());
        }
        let wanted: Vec<i64> = batch
            .iter()
            .filter_map(|p| p.draft.as_ref()?.contact_number.map(|n| n.get()))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        if self.taken_numbers.is_none() {
            let all = services::all_numbers(self.session.sql()?, self.institution_id)?;
            self.taken_numbers = Some(all);
        }
        let taken = self.taken_numbers.as_ref();
        let taken = |n: i64| taken.is_some_and(|t| t.contains(&n));
        for p in batch.iter_mut() {
            let Some(n) = p.draft.as_ref().and_then(|d| d.contact_number) else {
                continue;
            };
            let value = n.to_string();
            if let Some(earlier) = self.numbers_seen.get(&n.get()) {
                let issue = RowIssue::new(
                    IssueCode::ContactNumberDuplicateInFile,
                    Column::ContactNumber,
                    &value,
                )
                .with("earlier_row", earlier.to_string());
                stop(p, issue);
            } else if taken(n.get()) {
                stop(
                    p,
                    RowIssue::new(
                        IssueCode::ContactNumberExists,
                        Column::ContactNumber,
                        &value,
                    ),
                );
            } else {
                self.numbers_seen.insert(n.get(), p.row);
            }
        }
        Ok(())
    }

    /// Structures: one whose name and address are already in the base, or
    /// earlier in the file, is a duplicate.
    pub(crate) fn check_structures(
        &mut self,
        batch: &mut [Pending<'_>],
    ) -> Result<(), ImportError> {
        // The base's structures of every name the batch gives, in one query.
        let names: Vec<String> = batch
            .iter()
            .filter_map(|p| p.draft.as_ref())
            .filter(|d| d.contact_type == ContactType::Structure)
            .filter_map(|d| d.structure_name.map(comparison_key))
            .collect();
        if names.is_empty() {
            return Ok(());
        }
        let keys: Vec<&str> = names.iter().map(String::as_str).collect();
        let in_base =
            services::structures_named_any(self.session.sql()?, self.institution_id, &keys)?;
        for p in batch.iter_mut() {
            let Some(d) = &p.draft else { continue };
            if d.contact_type != ContactType::Structure {
                continue;
            }
            let Some(name) = d.structure_name else {
                continue;
            };
            let (name_key, address_key) = (comparison_key(name), draft_address_key(d));
            let earlier = self
                .structures_seen
                .get(&name_key)
                .and_then(|v| v.iter().find(|(a, _, _)| *a == address_key));
            if let Some((_, row, _)) = earlier {
                let issue =
                    RowIssue::new(IssueCode::StructureDuplicate, Column::StructureName, name)
                        .with("earlier_row", row.to_string());
                stop(p, issue);
                continue;
            }
            let base = in_base
                .get(&name_key)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let Some(c) = base.iter().find(|c| stored_address_key(c) == address_key) {
                let issue =
                    RowIssue::new(IssueCode::StructureDuplicate, Column::StructureName, name)
                        .with("contact_number", c.number.to_string());
                stop(p, issue);
                continue;
            }
            self.structures_seen
                .entry(name_key)
                .or_default()
                .push((address_key, p.row, None));
        }
        Ok(())
    }

    /// After the batch's contacts were created (`numbers`, in row order;
    /// none in a dry run): their criteria, consents and memberships.
    pub(crate) fn after_create(
        &mut self,
        batch: &mut [Pending<'_>],
        numbers: &[i64],
    ) -> Result<(), ImportError> {
        let now = Timestamp::now().to_string();
        // Numbers first: an individual may name a structure created further
        // down the same batch.
        let mut given = numbers.iter().copied();
        let numbers: Vec<Option<i64>> = batch
            .iter()
            .map(|p| match (&p.draft, self.dry_run) {
                (Some(_), false) => given.next(),
                _ => None,
            })
            .collect();
        for (p, number) in batch.iter().zip(&numbers) {
            let Some(d) = &p.draft else { continue };
            if d.contact_type == ContactType::Structure
                && let Some(key) = d.structure_name.map(comparison_key)
                && let Some(seen) = self.structures_seen.get_mut(&key)
                && let Some(entry) = seen.iter_mut().find(|(_, row, _)| *row == p.row)
            {
                entry.2 = *number;
            }
        }
        // The base's structures that the batch's individuals name (those
        // it just created included), in one query.
        let member_keys: Vec<String> = batch
            .iter()
            .filter_map(|p| p.draft.as_ref())
            .filter(|d| d.contact_type == ContactType::Individual)
            .filter_map(|d| d.structure_name.map(comparison_key))
            .collect();
        let in_base = if member_keys.is_empty() {
            HashMap::new()
        } else {
            let keys: Vec<&str> = member_keys.iter().map(String::as_str).collect();
            services::structures_named_any(self.session.sql()?, self.institution_id, &keys)?
        };
        // Then the batch's criteria, consents and memberships, each in a
        // few multi-row statements.
        let mut criteria: Vec<(i64, &str, &str)> = Vec::new();
        let mut consents: Vec<(i64, &str, Consent)> = Vec::new();
        let mut members: Vec<(i64, i64)> = Vec::new();
        for (p, number) in batch.iter_mut().zip(numbers) {
            let Some(d) = &p.draft else { continue };
            let x = d.extended();
            if let Some(n) = number {
                let first = criteria.len();
                for (c, elements) in &x.criteria {
                    criteria.extend(elements.iter().map(|e| (n, c.as_str(), e.as_str())));
                }
                // "JAZZ|JAZZ" gives the element once (COPY knows no ON
                // CONFLICT).
                let mine = &mut criteria[first..];
                mine.sort_unstable();
                let unique = {
                    let mut v = mine.to_vec();
                    v.dedup();
                    v
                };
                criteria.truncate(first);
                criteria.extend(unique);
                for (code, granted) in &x.authorizations {
                    consents.push((
                        n,
                        code.as_str(),
                        Consent {
                            granted: *granted,
                            import_id: Some(self.import_id),
                            source_row: Some(p.row as i64),
                            at: now.clone(),
                        },
                    ));
                }
            }
            if d.contact_type == ContactType::Individual
                && let Some(name) = d.structure_name
            {
                let key = comparison_key(name);
                match self.structure_named(&key, &in_base) {
                    Ok(structure) => {
                        if let (Some(n), Some(s)) = (number, structure) {
                            members.push((n, s));
                        }
                    }
                    Err(found) => {
                        p.notes.push(
                            RowIssue::new(
                                IssueCode::MemberStructureNotFound,
                                Column::StructureName,
                                name,
                            )
                            .with("count", found.to_string()),
                        );
                    }
                }
            }
        }
        let consents: Vec<(i64, &str, &Consent)> =
            consents.iter().map(|(n, code, c)| (*n, *code, c)).collect();
        self.session.add_new_qualities(&criteria, &consents)?;
        services::set_members(self.session.sql()?, self.institution_id, &members)?;
        Ok(())
    }

    /// The one structure with this name key, in the base or created by
    /// this import (`Ok(None)`: created by this dry run); `Err(count)` when
    /// there is none or several. A structure further down the file is seen
    /// when it is in the same batch of 1,024 rows (a small file's members
    /// may come before their structure), not otherwise.
    fn structure_named(
        &self,
        key: &str,
        in_base: &HashMap<String, Vec<StoredContact>>,
    ) -> Result<Option<i64>, usize> {
        let mut found: HashSet<i64> = in_base
            .get(key)
            .into_iter()
            .flatten()
            .map(|c| c.number)
            .collect();
        let mut pending = 0;
        for (_, _, number) in self.structures_seen.get(key).into_iter().flatten() {
            match number {
                Some(n) => {
                    found.insert(*n);
                }
                None => pending += 1,
            }
        }
        match (found.len(), pending) {
            (1, 0) => Ok(found.into_iter().next()),
            (0, 1) => Ok(None),
            (n, p) => Err(n + p),
        }
    }

    /// A batch of a service: match each row, then update, qualify,
    /// inactivate, anonymize or delete its contact (or create it, upsert).
    pub(crate) fn flush_service(&mut self, batch: &mut [Pending<'_>]) -> Result<(), ImportError> {
        let by_number = self.service.match_on == Some(MatchKey::ContactNumber);
        // 1. The key of each row, once in the file.
        let emails = self.key_rows(batch, by_number);
        // 2. The contacts they match.
        let keys = self.matched_numbers(batch, by_number, &emails)?;
        let wanted: Vec<i64> = keys.iter().flatten().copied().collect();
        let stored = services::load(self.session.sql()?, self.institution_id, &wanted)?;
        // 3. Each row's outcome.
        let now = Timestamp::now().to_string();
        let mut to_create: Vec<usize> = Vec::new();
        let mut lines: Vec<(usize, Vec<NewLogLine>)> = Vec::new();
        let mut new_emails: Vec<(usize, String, i64)> = Vec::new();
        let mut plans: Vec<(usize, StoredContact, StoredContact)> = Vec::new();
        let mut erased: Vec<(StoredContact, u64)> = Vec::new();
        let mut unknown: Vec<(Option<i64>, Option<String>)> = Vec::new();
        let mut batch_audit: Vec<i64> = Vec::new();
        for (i, p) in batch.iter_mut().enumerate() {
            let Some(d) = &p.draft else { continue };
            let found = keys[i].and_then(|n| stored.get(&n)).filter(|c| {
                c.status != ContactStatus::Anonymized
                    || self.mode == Mode::Anonymize
                    || self.mode == Mode::Delete
            });
            let Some(before) = found else {
                if self.mode == Mode::Upsert {
                    to_create.push(i);
                } else {
                    let (column, value) = match (by_number, &d.contact_number, &d.email) {
                        (true, Some(n), _) => (Column::ContactNumber, n.to_string()),
                        (false, _, Some(e)) => (Column::Email, e.as_str().to_string()),
                        _ => (Column::Email, String::new()),
                    };
                    // A person the base has no contact for may still be
                    // named in other imports' logs: erased there too.
                    if self.mode.is_irreversible() && !self.dry_run {
                        let email = d.email.as_ref().map(|e| e.as_str().to_string());
                        unknown.push((self.subject_of(p), email));
                    }
                    stop(p, RowIssue::new(IssueCode::ContactNotFound, column, &value));
                }
                continue;
            };
            let mut after = before.clone();
            match self.mode {
                Mode::Inactivate => {
                    if before.status == ContactStatus::Active {
                        after.status = ContactStatus::Inactive;
                    }
                }
                Mode::Anonymize | Mode::Delete => {
                    if before.status == ContactStatus::Anonymized && self.mode == Mode::Anonymize {
                        // Anonymized before; rows naming them since go.
                        if !self.dry_run {
                            unknown.push((
                                self.subject_of(p),
                                d.email.as_ref().map(|e| e.as_str().to_string()),
                            ));
                        }
                        lines.push((
                            i,
                            vec![outcome_line(p.row, "unchanged", Some(before.number))],
                        ));
                        self.counts.unchanged += 1;
                        continue;
                    }
                    if !self.dry_run {
                        erased.push((before.clone(), p.row));
                    }
                    batch_audit.push(before.number);
                    let outcome = if self.mode == Mode::Delete {
                        "deleted"
                    } else {
                        "anonymized"
                    };
                    lines.push((i, vec![outcome_line(p.row, outcome, Some(before.number))]));
                    self.counts.updated += 1;
                    continue;
                }
                _ => self.patch(p, i, before, &mut after, by_number, &now, &mut new_emails),
            }
            plans.push((i, before.clone(), after));
        }
        if !erased.is_empty() {
            let these: Vec<(&StoredContact, u64)> =
                erased.iter().map(|(c, row)| (c, *row)).collect();
            services::erase_many(
                self.session.sql()?,
                self.institution_id,
                self.import_id,
                &these,
                self.mode == Mode::Delete,
            )?;
        }
        let erased: Vec<StoredContact> = erased.into_iter().map(|(c, _)| c).collect();
        self.check_new_emails(batch, &mut new_emails)?;
        self.write_plans(batch, plans, &mut lines, &mut batch_audit)?;
        self.scrub_erased(&erased, &unknown)?;
        // The audit trail gets this batch with its commit.
        if !self.dry_run {
            services::audit_append(
                self.session.sql()?,
                self.institution_id,
                &self.created_by,
                self.mode.as_str(),
                self.import_id,
                &batch_audit,
            )?;
        }
        // Upsert: the rows that matched nothing are created.
        self.create_unmatched(batch, &to_create, by_number, &mut lines)?;
        self.log_in_row_order(batch, lines)
    }

    /// The key of each row, once in the file: a row whose key is missing
    /// or came earlier stops; returns the email keys to match.
    fn key_rows(&mut self, batch: &mut [Pending<'_>], by_number: bool) -> Vec<String> {
        let mut emails: Vec<String> = Vec::new();
        for p in batch.iter_mut() {
            let Some(d) = &p.draft else { continue };
            if by_number {
                let Some(n) = d.contact_number else {
                    if self.mode == Mode::Upsert {
                        // Nothing to match: a new contact, numbered as usual.
                        continue;
                    }
                    stop(
                        p,
                        RowIssue::new(IssueCode::ContactNumberMissing, Column::ContactNumber, ""),
                    );
                    continue;
                };
                if let Some(earlier) = self.numbers_seen.get(&n.get()) {
                    let issue = RowIssue::new(
                        IssueCode::ContactNumberDuplicateInFile,
                        Column::ContactNumber,
                        &n.to_string(),
                    )
                    .with("earlier_row", earlier.to_string());
                    stop(p, issue);
                    continue;
                }
                self.numbers_seen.insert(n.get(), p.row);
            } else {
                let Some(email) = d.email.clone() else {
                    stop(p, RowIssue::new(IssueCode::EmailMissing, Column::Email, ""));
                    continue;
                };
                let key = email.key();
                if let Some(earlier) = self.seen.get(&key) {
                    let issue = RowIssue::new(
                        IssueCode::EmailDuplicateInFile,
                        Column::Email,
                        email.as_str(),
                    )
                    .with("earlier_row", earlier.to_string());
                    stop(p, issue);
                    continue;
                }
                self.seen.insert(&key, p.row);
                emails.push(key);
            }
        }
        emails
    }

    /// The contact each row matches, by its number or its email (an
    /// email that two contacts share stops its row).
    fn matched_numbers(
        &mut self,
        batch: &mut [Pending<'_>],
        by_number: bool,
        emails: &[String],
    ) -> Result<Vec<Option<i64>>, ImportError> {
        let mut keys: Vec<Option<i64>> = vec![None; batch.len()];
        let email_refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        let by_email = if by_number {
            HashMap::new()
        } else {
            services::numbers_by_email(self.session.sql()?, self.institution_id, &email_refs)?
        };
        for (p, key) in batch.iter_mut().zip(keys.iter_mut()) {
            let Some(d) = &p.draft else { continue };
            if by_number {
                *key = d.contact_number.map(|n| n.get());
            } else if let Some(e) = &d.email {
                match by_email.get(&e.key()).map(Vec::as_slice) {
                    Some([one]) => *key = Some(*one),
                    Some(many) if many.len() > 1 => {
                        let list: Vec<String> = many.iter().map(i64::to_string).collect();
                        let issue =
                            RowIssue::new(IssueCode::ContactAmbiguous, Column::Email, e.as_str())
                                .with("numbers", list.join(", "));
                        stop(p, issue);
                    }
                    _ => {}
                }
            }
        }
        Ok(keys)
    }

    /// The contact after an update, qualify or upsert row: its fields,
    /// criteria and consents as the row gives them (a consent withdrawn
    /// before is kept unless the import allows it back, with a note).
    #[allow(clippy::too_many_arguments)]
    fn patch(
        &self,
        p: &mut Pending<'_>,
        i: usize,
        before: &StoredContact,
        after: &mut StoredContact,
        by_number: bool,
        now: &str,
        new_emails: &mut Vec<(usize, String, i64)>,
    ) {
        let Pending {
            draft,
            notes,
            record,
            row,
            ..
        } = p;
        let Some(d) = draft.as_ref() else { return };
        let allowed: Vec<Column> = match (self.mode, by_number) {
            (Mode::Qualify, _) => vec![Column::StructureType],
            (_, false) => vec![Column::Title, Column::FirstName, Column::LastName],
            (_, true) => services::fields().collect(),
        };
        let cells: Vec<&str> = record.iter().collect();
        for (column, value) in row_patch(&self.map, &cells, d, &allowed) {
            if column == Column::Email
                && let Some(e) = &value
                && Some(e.to_lowercase()) != before.get(Column::Email).map(str::to_lowercase)
            {
                new_emails.push((i, e.to_lowercase(), before.number));
            }
            after.set(column, value);
        }
        let replace = self.service.criteria == Some(CriteriaMode::Replace);
        for (criterion, elements) in &d.extended().criteria {
            if replace || elements.is_empty() {
                after.criteria.retain(|(c, _)| c != criterion);
            }
            for e in elements {
                after.criteria.insert((criterion.clone(), e.clone()));
            }
        }
        if self.mode != Mode::Qualify {
            for (code, granted) in &d.extended().authorizations {
                match before.authorizations.get(code) {
                    Some(c) if c.granted == *granted => {}
                    Some(c) if !c.granted && *granted && !self.service.allow_consent_upgrade => {
                        notes.push(
                            RowIssue::new(IssueCode::ConsentKept, Column::Authorization, "yes")
                                .with("code", code.clone())
                                .with("contact_number", before.number.to_string()),
                        );
                    }
                    _ => {
                        after.authorizations.insert(
                            code.clone(),
                            Consent {
                                granted: *granted,
                                import_id: Some(self.import_id),
                                source_row: Some(*row as i64),
                                at: now.to_string(),
                            },
                        );
                    }
                }
            }
        }
    }

    /// An email an update gives must not be another contact's, nor one
    /// that an earlier row of the file gave: such a row stops.
    fn check_new_emails(
        &mut self,
        batch: &mut [Pending<'_>],
        new_emails: &mut Vec<(usize, String, i64)>,
    ) -> Result<(), ImportError> {
        for (i, email, _) in new_emails.iter() {
            if let Some(earlier) = self.seen.get(email) {
                let issue = RowIssue::new(IssueCode::EmailDuplicateInFile, Column::Email, email)
                    .with("earlier_row", earlier.to_string());
                stop(&mut batch[*i], issue);
            } else {
                self.seen.insert(email, batch[*i].row);
            }
        }
        new_emails.retain(|(i, _, _)| batch[*i].draft.is_some());
        if !new_emails.is_empty() {
            let refs: Vec<&str> = new_emails.iter().map(|(_, e, _)| e.as_str()).collect();
            let owners =
                services::numbers_by_email(self.session.sql()?, self.institution_id, &refs)?;
            for (i, email, own) in new_emails.iter() {
                if let Some(other) = owners.get(email).and_then(|v| v.iter().find(|n| *n != own)) {
                    let issue = RowIssue::new(IssueCode::EmailExists, Column::Email, email)
                        .with("contact_number", other.to_string());
                    stop(&mut batch[*i], issue);
                }
            }
        }
        Ok(())
    }

    /// Writes the batch's planned changes (unless a dry run), with a line
    /// for each row's outcome and one for each change.
    fn write_plans(
        &mut self,
        batch: &[Pending<'_>],
        plans: Vec<(usize, StoredContact, StoredContact)>,
        lines: &mut Vec<(usize, Vec<NewLogLine>)>,
        batch_audit: &mut Vec<i64>,
    ) -> Result<(), ImportError> {
        let mut writes: Vec<(u64, &str, StoredContact, StoredContact)> = Vec::new();
        for (i, before, mut after) in plans {
            let p = &batch[i];
            if p.draft.is_none() {
                continue;
            }
            let diff = differences(&before, &after);
            if diff.is_empty() {
                lines.push((
                    i,
                    vec![outcome_line(p.row, "unchanged", Some(before.number))],
                ));
                self.counts.unchanged += 1;
                continue;
            }
            after.last_import_id = Some(self.import_id);
            let outcome = if self.mode == Mode::Inactivate {
                "inactivated"
            } else {
                "updated"
            };
            if self.mode == Mode::Inactivate {
                batch_audit.push(before.number);
            }
            let mut row_lines = vec![outcome_line(p.row, outcome, Some(before.number))];
            for (column, b, a) in diff {
                row_lines.push(change_line(p.row, before.number, column, &b, &a));
            }
            lines.push((i, row_lines));
            self.counts.updated += 1;
            if !self.dry_run {
                writes.push((p.row, outcome, before, after));
            }
        }
        let writes: Vec<ContactWrite<'_>> = writes
            .iter()
            .map(|(row, kind, before, after)| ContactWrite {
                before,
                after,
                change: Change {
                    import_id: self.import_id,
                    row: *row,
                    kind,
                },
            })
            .collect();
        services::write_many(self.session.sql()?, self.institution_id, &writes, true)?;
        Ok(())
    }

    /// Erases from the other imports' logs the people this batch erased
    /// (and those it did not find), named by the hash of their email key.
    fn scrub_erased(
        &mut self,
        erased: &[StoredContact],
        unknown: &[(Option<i64>, Option<String>)],
    ) -> Result<(), ImportError> {
        if !erased.is_empty() || !unknown.is_empty() {
            // Lines name a person by the hash of their email key.
            let people: Vec<services::Erased<'_>> = erased
                .iter()
                .map(|c| services::Erased {
                    contact: Some(c),
                    subject: c
                        .get(Column::Email)
                        .and_then(|e| intake_core::value::Email::parse(e).ok())
                        .map(|email| KeyHash::of(&email.key()).subject()),
                    email: None,
                })
                .chain(unknown.iter().map(|(subject, email)| services::Erased {
                    contact: None,
                    subject: *subject,
                    email: email.as_deref(),
                }))
                .collect();
            services::scrub_logs(
                self.session.sql()?,
                self.institution_id,
                &people,
                self.import_id,
            )?;
        }
        Ok(())
    }

    /// The batch's log, in row order: outcome and changes, notes,
    /// findings.
    fn log_in_row_order(
        &mut self,
        batch: &mut [Pending<'_>],
        mut lines: Vec<(usize, Vec<NewLogLine>)>,
    ) -> Result<(), ImportError> {
        lines.sort_by_key(|(i, _)| *i);
        let mut lines = lines.into_iter().peekable();
        for i in 0..batch.len() {
            // A row's notes carry its outcome (updated, created, unchanged).
            let mut done: Cow<'static, str> = Cow::Borrowed("");
            let subject = self.subject_of(&batch[i]);
            while let Some((_, ls)) = lines.next_if(|(j, _)| *j == i) {
                if done.is_empty()
                    && let Some(o) = ls.first().and_then(|l| l.outcome.clone())
                {
                    done = o;
                }
                for l in ls {
                    let l = self.about(l, subject);
                    self.lines.push(l);
                }
            }
            self.log_batch(&mut batch[i..=i], done)?;
        }
        self.session.append_log(&self.lines)?;
        self.lines.clear();
        Ok(())
    }

    /// Upsert's rows that matched no contact: created, with the checks of
    /// create (email free, legacy number in the reserved range and free).
    fn create_unmatched(
        &mut self,
        batch: &mut [Pending<'_>],
        rows: &[usize],
        by_number: bool,
        lines: &mut Vec<(usize, Vec<NewLogLine>)>,
    ) -> Result<(), ImportError> {
        if rows.is_empty() {
            return Ok(());
        }
        let emails: Vec<String> = rows
            .iter()
            .filter_map(|i| batch[*i].draft.as_ref()?.email.as_ref().map(|e| e.key()))
            .collect();
        let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        let owners = services::numbers_by_email(self.session.sql()?, self.institution_id, &refs)?;
        let numbers: Vec<i64> = rows
            .iter()
            .filter_map(|i| batch[*i].draft.as_ref()?.contact_number.map(|n| n.get()))
            .collect();
        let retired = services::taken_numbers(self.session.sql()?, self.institution_id, &numbers)?;
        let mut creating: Vec<usize> = Vec::new();
        for i in rows {
            let p = &mut batch[*i];
            let Some(d) = &p.draft else { continue };
            if let Some(e) = &d.email
                && let Some(other) = owners.get(&e.key()).and_then(|v| v.first())
            {
                let issue = RowIssue::new(IssueCode::EmailExists, Column::Email, e.as_str())
                    .with("contact_number", other.to_string());
                stop(p, issue);
                continue;
            }
            if by_number && let Some(n) = d.contact_number {
                if let Some(issue) = outside_reserved(n, &n.to_string(), self.rules.reserved) {
                    stop(p, issue);
                    continue;
                }
                if retired.contains(&n.get()) {
                    stop(
                        p,
                        RowIssue::new(
                            IssueCode::ContactNumberExists,
                            Column::ContactNumber,
                            &n.to_string(),
                        ),
                    );
                    continue;
                }
            }
            creating.push(*i);
        }
        // In number mode an email is checked against the file here (in
        // email mode the key already was).
        if by_number {
            creating.retain(|i| {
                let p = &mut batch[*i];
                let Some(key) = p
                    .draft
                    .as_ref()
                    .and_then(|d| d.email.as_ref())
                    .map(|e| e.key())
                else {
                    return true;
                };
                if let Some(earlier) = self.seen.get(&key) {
                    let issue = RowIssue::new(IssueCode::EmailDuplicateInFile, Column::Email, &key)
                        .with("earlier_row", earlier.to_string());
                    stop(p, issue);
                    return false;
                }
                self.seen.insert(&key, p.row);
                true
            });
        }
        let mut subset: Vec<Pending> = creating
            .iter()
            .map(|i| Pending {
                row: batch[*i].row,
                issues: Vec::new(),
                notes: Vec::new(),
                draft: batch[*i].draft.take(),
                key: None,
                record: batch[*i].record,
            })
            .collect();
        self.check_structures(&mut subset)?;
        let created = if self.dry_run {
            Vec::new()
        } else {
            self.insert_drafts(&subset, by_number)?
        };
        self.after_create(&mut subset, &created)?;
        let mut numbers = created.iter().copied();
        for (i, p) in creating.iter().zip(subset) {
            let target = &mut batch[*i];
            target.issues.extend(p.issues);
            target.notes.extend(p.notes);
            if p.draft.is_some() {
                let number = if self.dry_run { None } else { numbers.next() };
                lines.push((*i, vec![outcome_line(p.row, "created", number)]));
                self.counts.created += 1;
            }
            target.draft = p.draft;
        }
        Ok(())
    }
}
