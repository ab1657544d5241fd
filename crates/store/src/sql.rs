//! The SQL both stores speak, for the queries that are the same on SQLite and
//! PostgreSQL (reference data, updates, undo): written once with `?`
//! placeholders, which the PostgreSQL side numbers (`$1`, `$2`, …).
//!
//! The bulk paths (creating contacts, the log) stay in each store, where
//! SQLite's prepared statements and PostgreSQL's `COPY` make them fast.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::StoreError;

/// A value bound to a placeholder or read from a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// An integer (BIGINT), or NULL.
    Int(Option<i64>),
    /// Text, or NULL.
    Text(Option<String>),
    /// A date (DATE on PostgreSQL, `yyyy-mm-dd` text on SQLite), or NULL.
    Date(Option<Date>),
    /// A moment (TIMESTAMPTZ on PostgreSQL, RFC 3339 text on SQLite).
    Time(Timestamp),
    /// A flag (BOOLEAN on PostgreSQL, 0 or 1 on SQLite).
    Bool(bool),
    /// Integers as one BIGINT[] parameter: PostgreSQL only (see [`among`]).
    Ints(Vec<i64>),
    /// Texts as one TEXT[] parameter: PostgreSQL only (see [`among`]).
    Texts(Vec<String>),
    /// A column of a [`values_table`] as one array parameter, NULLs
    /// included: PostgreSQL only.
    Array(Array),
}

/// The values of one column of a [`values_table`] on PostgreSQL.
#[derive(Clone, Debug, PartialEq)]
pub enum Array {
    /// BIGINT[].
    Ints(Vec<Option<i64>>),
    /// TEXT[].
    Texts(Vec<Option<String>>),
    /// DATE[].
    Dates(Vec<Option<Date>>),
}

impl From<bool> for Val {
    fn from(v: bool) -> Val {
        Val::Bool(v)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(Some(v))
    }
}

impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        Val::Int(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(Some(v.to_string()))
    }
}

impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(Some(v))
    }
}

impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        Val::Text(v)
    }
}

impl From<Option<&str>> for Val {
    fn from(v: Option<&str>) -> Val {
        Val::Text(v.map(str::to_string))
    }
}

/// One row read: its values in column order.
#[derive(Clone, Debug, Default)]
pub struct SqlRow(pub Vec<Val>);

impl SqlRow {
    fn at(&self, i: usize) -> Result<&Val, StoreError> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Corrupt(format!("no column {i}")))
    }

    /// An integer column (NULL: `None`).
    pub fn int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.at(i)? {
            Val::Int(v) => Ok(*v),
            Val::Text(None) | Val::Date(None) => Ok(None),
            Val::Text(Some(s)) => s
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("integer {s:?}"))),
            other => Err(StoreError::Corrupt(format!("integer {other:?}"))),
        }
    }

    /// A text column (dates as `yyyy-mm-dd`, moments as RFC 3339, numbers
    /// in decimal; NULL: `None`).
    pub fn text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(match self.at(i)? {
            Val::Int(v) => v.map(|v| v.to_string()),
            Val::Text(v) => v.clone(),
            Val::Date(v) => v.map(|d| d.to_string()),
            Val::Time(t) => Some(t.to_string()),
            Val::Bool(b) => Some(i64::from(*b).to_string()),
            Val::Ints(_) | Val::Texts(_) | Val::Array(_) => {
                return Err(StoreError::Corrupt("a list read as text".into()));
            }
        })
    }

    /// A text column that is never NULL.
    pub fn string(&self, i: usize) -> Result<String, StoreError> {
        Ok(self.text(i)?.unwrap_or_default())
    }

    /// A number column (DOUBLE PRECISION, REAL; NULL: `None`).
    pub fn float(&self, i: usize) -> Result<Option<f64>, StoreError> {
        match self.at(i)? {
            Val::Int(v) => Ok(v.map(|v| v as f64)),
            Val::Text(None) => Ok(None),
            Val::Text(Some(s)) => s
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("number {s:?}"))),
            other => Err(StoreError::Corrupt(format!("number {other:?}"))),
        }
    }

    /// A text column moved out of the row (the row keeps a NULL there):
    /// what a reader that consumes its rows takes without a copy.
    pub fn take_text(&mut self, i: usize) -> Result<Option<String>, StoreError> {
        match self.0.get_mut(i) {
            Some(Val::Text(v)) => Ok(v.take()),
            Some(_) => self.text(i),
            None => Err(StoreError::Corrupt(format!("no column {i}"))),
        }
    }

    /// A date column (DATE on PostgreSQL, `yyyy-mm-dd` text on SQLite;
    /// NULL or empty: `None`).
    pub fn date(&self, i: usize) -> Result<Option<Date>, StoreError> {
        match self.at(i)? {
            Val::Date(d) => Ok(*d),
            Val::Text(None) | Val::Int(None) => Ok(None),
            Val::Text(Some(s)) if s.is_empty() => Ok(None),
            Val::Text(Some(s)) => s
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("date {s:?}"))),
            other => Err(StoreError::Corrupt(format!("date {other:?}"))),
        }
    }

    /// A moment column (TIMESTAMPTZ on PostgreSQL, RFC 3339 text on
    /// SQLite; NULL: `None`).
    pub fn time(&self, i: usize) -> Result<Option<Timestamp>, StoreError> {
        match self.at(i)? {
            Val::Time(t) => Ok(Some(*t)),
            Val::Text(None) | Val::Int(None) | Val::Date(None) => Ok(None),
            Val::Text(Some(s)) => s
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("moment {s:?}"))),
            other => Err(StoreError::Corrupt(format!("moment {other:?}"))),
        }
    }
}

/// Statements in the dialect common to SQLite and PostgreSQL.
pub trait Sql {
    /// Runs a statement; returns the rows it changed.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError>;

    /// Runs a query; returns every row.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError>;

    /// Runs a query and hands `each` its rows one at a time, as the
    /// database gives them: a large result (a log of a million lines, a
    /// whole base) is never held whole. The stores' own connections read
    /// as they go; an import session's reads are small and held.
    ///
    /// # Errors
    ///
    /// What the database or `each` says; `each` stops the read by failing.
    fn query_each(
        &mut self,
        sql: &str,
        params: &[Val],
        each: &mut dyn FnMut(SqlRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        for row in self.query(sql, params)? {
            each(row)?;
        }
        Ok(())
    }

    /// Starts a write transaction (SQLite: `BEGIN IMMEDIATE`). Inside an
    /// import session, which has its own transaction, this does nothing.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn begin(&mut self) -> Result<(), StoreError>;

    /// Commits what [`Sql::begin`] started.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn commit(&mut self) -> Result<(), StoreError>;

    /// Rolls back what [`Sql::begin`] started.
    fn rollback(&mut self);

    /// Which database speaks: for the few statements the two dialects
    /// write differently.
    fn dialect(&self) -> Dialect;

    /// This, as the trait object the helpers of this module take.
    fn as_sql(&mut self) -> &mut dyn Sql;
}

/// The SQL dialect of a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite: no server clock (each process reads its own), JSON read
    /// from text as it is.
    Sqlite,
    /// PostgreSQL: `now()` is the server's clock, which every process
    /// sharing the base reads alike; JSON text is cast to be read.
    Postgres,
}

impl Dialect {
    /// The text value of `key` in the JSON object held in text `column`.
    pub fn json_text(self, column: &str, key: &str) -> String {
        match self {
            Dialect::Sqlite => format!("({column} ->> '{key}')"),
            Dialect::Postgres => format!("(CAST({column} AS jsonb) ->> '{key}')"),
        }
    }
}

/// Runs `f` in one transaction: committed when it returns `Ok`, rolled back
/// otherwise.
///
/// # Errors
///
/// What `f` or the database says.
pub fn atomically<T>(
    sql: &mut dyn Sql,
    f: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    sql.begin()?;
    match f(sql) {
        Ok(v) => {
            sql.commit()?;
            Ok(v)
        }
        Err(e) => {
            sql.rollback();
            Err(e)
        }
    }
}

/// The first column of the first row, as an integer.
///
/// # Errors
///
/// What the database says.
pub fn query_int(sql: &mut dyn Sql, q: &str, params: &[Val]) -> Result<Option<i64>, StoreError> {
    match sql.query(q, params)?.first() {
        Some(row) => row.int(0),
        None => Ok(None),
    }
}

/// The first column of the first row, as text.
///
/// # Errors
///
/// What the database says.
pub fn query_text(
    sql: &mut dyn Sql,
    q: &str,
    params: &[Val],
) -> Result<Option<String>, StoreError> {
    match sql.query(q, params)?.first() {
        Some(row) => row.text(0),
        None => Ok(None),
    }
}

/// `column IN (…)` over `values`, and its parameters: on PostgreSQL one
/// array parameter (`column = ANY(?)`), which is planned the same whatever
/// the count (a list of 900 placeholders took it 17 ms a batch to plan);
/// on SQLite, which binds no arrays, one placeholder a value.
pub fn among<T: Clone + Into<Val>>(
    dialect: Dialect,
    column: &str,
    values: &[T],
) -> (String, Vec<Val>)
where
    Vec<T>: Into<Val>,
{
    match dialect {
        Dialect::Postgres => (format!("{column} = ANY(?)"), vec![values.to_vec().into()]),
        Dialect::Sqlite => (
            format!("{column} IN ({})", placeholders(values.len())),
            values.iter().cloned().map(Into::into).collect(),
        ),
    }
}

impl From<Vec<i64>> for Val {
    fn from(v: Vec<i64>) -> Val {
        Val::Ints(v)
    }
}

impl From<Vec<String>> for Val {
    fn from(v: Vec<String>) -> Val {
        Val::Texts(v)
    }
}

/// The SQL type of a column of a [`values_table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// BIGINT.
    Int,
    /// TEXT.
    Text,
    /// DATE (text on SQLite).
    Date,
}

/// The most values one SQLite statement binds, with room to spare (its
/// limit is 32,766).
const SQLITE_VALUES: usize = 30_000;

/// How many rows of `width` columns one [`values_table`] should hold: all
/// on PostgreSQL (one array a column), on SQLite what stays below its
/// limit of bound values.
pub fn values_rows(dialect: Dialect, width: usize) -> usize {
    match dialect {
        Dialect::Postgres => usize::MAX,
        Dialect::Sqlite => (SQLITE_VALUES / width.max(1)).max(1),
    }
}

/// A table of `rows` (each holding `kinds.len()` values, in that order)
/// to join or select from, named `v`, its columns `c0`, `c1`, …, and its
/// parameters: what lets a batch be written in one statement. On
/// PostgreSQL `unnest` of one array a column, one statement text and plan
/// whatever the count; on SQLite a `VALUES` list (keep it within
/// [`values_rows`]).
///
/// # Errors
///
/// A row of another width, or a value not of its column's kind (NULL
/// fits every kind): a mistake of the caller, which PostgreSQL's typed
/// arrays would otherwise have turned into NULLs.
pub fn values_table(
    dialect: Dialect,
    kinds: &[Kind],
    rows: &[Vec<Val>],
) -> Result<(String, Vec<Val>), StoreError> {
    for row in rows {
        let fits = row.len() == kinds.len() && row.iter().zip(kinds).all(|(v, k)| v.is(*k));
        if !fits {
            return Err(StoreError::Write(format!(
                "a row of values {row:?} does not fit the columns {kinds:?}"
            )));
        }
    }
    let names: Vec<String> = (0..kinds.len()).map(|i| format!("c{i}")).collect();
    Ok(match dialect {
        Dialect::Postgres => {
            let mut params = Vec::with_capacity(kinds.len());
            let mut casts = Vec::with_capacity(kinds.len());
            for (i, kind) in kinds.iter().enumerate() {
                let column = rows.iter().map(|r| &r[i]);
                let (array, name) = match kind {
                    Kind::Int => (
                        Array::Ints(
                            column
                                .map(|v| if let Val::Int(n) = v { *n } else { None })
                                .collect(),
                        ),
                        "BIGINT",
                    ),
                    Kind::Text => (
                        Array::Texts(
                            column
                                .map(|v| {
                                    if let Val::Text(t) = v {
                                        t.clone()
                                    } else {
                                        None
                                    }
                                })
                                .collect(),
                        ),
                        "TEXT",
                    ),
                    Kind::Date => (
                        Array::Dates(
                            column
                                .map(|v| if let Val::Date(d) = v { *d } else { None })
                                .collect(),
                        ),
                        "DATE",
                    ),
                };
                params.push(Val::Array(array));
                casts.push(format!("CAST(? AS {name}[])"));
            }
            (
                format!("unnest({}) AS v({})", casts.join(", "), names.join(", ")),
                params,
            )
        }
        Dialect::Sqlite => {
            let aliases: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| format!("column{} AS {n}", i + 1))
                .collect();
            let row = format!("({})", placeholders(kinds.len()));
            (
                format!(
                    "(SELECT {} FROM (VALUES {})) AS v",
                    aliases.join(", "),
                    vec![row; rows.len()].join(", ")
                ),
                rows.iter().flatten().cloned().collect(),
            )
        }
    })
}

impl Val {
    /// Whether the value can stand in a column of `kind`.
    fn is(&self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Val::Int(_), Kind::Int)
                | (Val::Text(_), Kind::Text)
                | (Val::Date(_), Kind::Date)
                | (Val::Int(None) | Val::Text(None) | Val::Date(None), _)
        )
    }
}

/// `?, ?, ?` for an `IN (…)` list of `n` values.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

// ---- SQLite ----------------------------------------------------------------

pub(crate) fn sqlite_exec(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Val],
) -> Result<u64, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind_sqlite(&mut stmt, params)?;
    Ok(stmt.raw_execute()? as u64)
}

pub(crate) fn sqlite_query(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Val],
) -> Result<Vec<SqlRow>, StoreError> {
    let mut out = Vec::new();
    sqlite_query_each(conn, sql, params, &mut |row| {
        out.push(row);
        Ok(())
    })?;
    Ok(out)
}

pub(crate) fn sqlite_query_each(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[Val],
    each: &mut dyn FnMut(SqlRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare_cached(sql)?;
    bind_sqlite(&mut stmt, params)?;
    let width = stmt.column_count();
    let mut rows = stmt.raw_query();
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(width);
        for i in 0..width {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => Val::Text(None),
                ValueRef::Integer(v) => Val::Int(Some(v)),
                ValueRef::Real(v) => Val::Text(Some(v.to_string())),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Val::Text(Some(String::from_utf8_lossy(t).into_owned()))
                }
            });
        }
        each(SqlRow(row))?;
    }
    Ok(())
}

fn bind_sqlite(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Val]) -> Result<(), StoreError> {
    for (i, p) in params.iter().enumerate() {
        let at = i + 1;
        match p {
            Val::Int(v) => stmt.raw_bind_parameter(at, v)?,
            Val::Text(v) => stmt.raw_bind_parameter(at, v)?,
            Val::Date(v) => stmt.raw_bind_parameter(at, v.map(|d| d.to_string()))?,
            Val::Time(t) => stmt.raw_bind_parameter(at, t.to_string())?,
            Val::Bool(b) => stmt.raw_bind_parameter(at, b)?,
            Val::Ints(_) | Val::Texts(_) | Val::Array(_) => {
                return Err(StoreError::Write(
                    "a list bound as one parameter on SQLite (see sql::among)".into(),
                ));
            }
        }
    }
    Ok(())
}

// ---- PostgreSQL ------------------------------------------------------------

/// `?` → `$1`, `$2`, … (the queries written here never hold a `?` in a
/// literal).
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn pg_exec(
    client: &mut impl postgres::GenericClient,
    sql: &str,
    params: &[Val],
) -> Result<u64, StoreError> {
    let boxed = pg_params(params);
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = boxed.iter().map(|b| &**b).collect();
    Ok(client.execute(numbered(sql).as_str(), &refs)?)
}

pub(crate) fn pg_query(
    client: &mut impl postgres::GenericClient,
    sql: &str,
    params: &[Val],
) -> Result<Vec<SqlRow>, StoreError> {
    let boxed = pg_params(params);
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = boxed.iter().map(|b| &**b).collect();
    let rows = client.query(numbered(sql).as_str(), &refs)?;
    rows.iter().map(pg_row).collect()
}

pub(crate) fn pg_query_each(
    client: &mut impl postgres::GenericClient,
    sql: &str,
    params: &[Val],
    each: &mut dyn FnMut(SqlRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    use postgres::fallible_iterator::FallibleIterator;
    let boxed = pg_params(params);
    let refs = boxed
        .iter()
        .map(|b| &**b as &(dyn postgres::types::ToSql + Sync));
    let mut rows = client.query_raw(numbered(sql).as_str(), refs)?;
    while let Some(r) = rows.next()? {
        each(pg_row(&r)?)?;
    }
    Ok(())
}

fn pg_row(r: &postgres::Row) -> Result<SqlRow, StoreError> {
    use postgres::types::Type;
    let mut row = Vec::with_capacity(r.len());
    for (i, column) in r.columns().iter().enumerate() {
        let t = column.type_();
        row.push(if *t == Type::INT8 {
            Val::Int(r.try_get(i)?)
        } else if *t == Type::INT4 {
            Val::Int(r.try_get::<_, Option<i32>>(i)?.map(i64::from))
        } else if *t == Type::INT2 {
            Val::Int(r.try_get::<_, Option<i16>>(i)?.map(i64::from))
        } else if *t == Type::BOOL {
            Val::Int(r.try_get::<_, Option<bool>>(i)?.map(i64::from))
        } else if *t == Type::FLOAT8 {
            Val::Text(r.try_get::<_, Option<f64>>(i)?.map(|v| v.to_string()))
        } else if *t == Type::DATE {
            Val::Date(r.try_get(i)?)
        } else if *t == Type::TIMESTAMPTZ {
            match r.try_get::<_, Option<Timestamp>>(i)? {
                Some(ts) => Val::Time(ts),
                None => Val::Text(None),
            }
        } else {
            Val::Text(r.try_get(i)?)
        });
    }
    Ok(SqlRow(row))
}

fn pg_params(params: &[Val]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn postgres::types::ToSql + Sync> {
            match p {
                Val::Int(v) => Box::new(*v),
                Val::Text(v) => Box::new(v.clone()),
                Val::Date(v) => Box::new(*v),
                Val::Time(t) => Box::new(*t),
                Val::Bool(b) => Box::new(*b),
                Val::Ints(v) => Box::new(v.clone()),
                Val::Texts(v) => Box::new(v.clone()),
                Val::Array(Array::Ints(v)) => Box::new(v.clone()),
                Val::Array(Array::Texts(v)) => Box::new(v.clone()),
                Val::Array(Array::Dates(v)) => Box::new(v.clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_of_values_takes_only_rows_of_its_kinds() {
        let kinds = [Kind::Int, Kind::Text, Kind::Date];
        let row = vec![Val::Int(Some(1)), Val::Text(None), Val::Date(None)];
        let (table, params) =
            values_table(Dialect::Postgres, &kinds, std::slice::from_ref(&row)).unwrap();
        assert!(table.starts_with("unnest(CAST(? AS BIGINT[])"), "{table}");
        assert_eq!(params.len(), 3);
        let (table, params) = values_table(Dialect::Sqlite, &kinds, &[row.clone(), row]).unwrap();
        assert!(table.contains("VALUES (?, ?, ?), (?, ?, ?)"), "{table}");
        assert_eq!(params.len(), 6);
        // A text where a number goes would be a NULL in PostgreSQL's array.
        let text = vec![
            Val::Text(Some("1".into())),
            Val::Text(None),
            Val::Date(None),
        ];
        assert!(values_table(Dialect::Postgres, &kinds, &[text]).is_err());
        let short = vec![Val::Int(Some(1))];
        assert!(values_table(Dialect::Sqlite, &kinds, &[short]).is_err());
    }

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(
            numbered("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
        );
    }
}
