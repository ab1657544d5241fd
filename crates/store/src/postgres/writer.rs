//! An import's transaction, on a connection of its own, driven from a writer
//! thread.
//!
//! A `COPY` on the import's connection used to be sent batch by batch, each
//! one waited for: the server inserted while the engine waited, and the
//! engine matched and encoded the next batch while the server waited. Here
//! the batches of one table stream into a single open `COPY` as the engine
//! hands them over, and the engine goes on with the next batch at once; the
//! server only stops for a statement the engine waits for (a look-up that
//! must see the import's own rows, a checkpoint), before which the open
//! `COPY` is finished. Messages run in the order they were sent, on the one
//! transaction, so every statement sees every row sent before it.
//!
//! A `COPY` that fails is reported by the next call, which then does not
//! run: nothing after a failed write is committed.

use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use postgres::Client;

use crate::StoreError;

/// What a streamed `COPY` fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// Contacts: the basic columns, or the extended ones too.
    Contacts {
        /// Whether the rows carry the extended columns.
        extended: bool,
    },
    /// Log lines.
    Log,
    /// Criteria elements of new contacts.
    Criteria,
    /// Consents of new contacts.
    Consents,
}

impl Table {
    fn statement(self) -> String {
        match self {
            Table::Contacts { extended: false } => {
                format!(
                    "COPY contact ({}) FROM STDIN BINARY",
                    super::CONTACT_COLUMNS
                )
            }
            Table::Contacts { extended: true } => format!(
                "COPY contact ({}, {}) FROM STDIN BINARY",
                super::CONTACT_COLUMNS,
                super::EXTENDED_COLUMNS
            ),
            Table::Log => format!("COPY log_line ({}) FROM STDIN BINARY", super::LOG_COLUMNS),
            Table::Criteria => "COPY contact_criterion (institution_id, contact_number, \
                 criterion, element) FROM STDIN BINARY"
                .to_string(),
            Table::Consents => "COPY contact_authorization (institution_id, contact_number, \
                 code, granted, import_id, source_row, at) FROM STDIN BINARY"
                .to_string(),
        }
    }
}

/// A statement to run on the connection; it gets the error of a failed
/// `COPY` instead when there is one.
type Call = Box<dyn FnOnce(Result<&mut Client, StoreError>) + Send>;

enum Message {
    /// Rows in binary `COPY` format, without the header and trailer.
    Copy(Table, Vec<u8>),
    Call(Call),
    /// Abandon any open `COPY`, roll back, and stop.
    Abort,
}

/// The writer thread's end of a session.
pub(crate) struct Writer {
    tx: Option<SyncSender<Message>>,
    thread: Option<JoinHandle<()>>,
}

/// How many batches of rows may wait for the server: enough to keep it busy,
/// few enough to bound memory (a batch is about half a MiB).
const QUEUE: usize = 8;

impl Writer {
    /// Connects to `url` and starts the writer thread.
    pub(crate) fn start(url: &str) -> Result<Writer, StoreError> {
        let client = super::connect(url)?;
        let (tx, rx) = sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("intake-postgres-writer".into())
            .spawn(move || serve(client, &rx))
            .map_err(|e| {
                StoreError::Write(format!("cannot start the import's writer thread: {e}"))
            })?;
        Ok(Writer {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    fn send(&self, message: Message) -> Result<(), StoreError> {
        self.tx
            .as_ref()
            .and_then(|tx| tx.send(message).ok())
            .ok_or_else(stopped)
    }

    /// Hands rows over to be copied into `table`; returns at once (unless
    /// the queue is full). A failure is reported by the next [`Writer::call`].
    pub(crate) fn copy(&self, table: Table, rows: Vec<u8>) -> Result<(), StoreError> {
        self.send(Message::Copy(table, rows))
    }

    /// Abandons the transaction: an open `COPY` is cancelled, not finished,
    /// and the transaction rolled back; waits until it is.
    pub(crate) fn abort(&mut self) {
        if self.send(Message::Abort).is_ok()
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
    }

    /// Runs `f` on the connection after everything sent before it, and
    /// waits for its result.
    pub(crate) fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Client) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply_tx, reply_rx) = sync_channel(1);
        self.send(Message::Call(Box::new(move |client| {
            let _ = reply_tx.send(client.and_then(f));
        })))?;
        reply_rx.recv().map_err(|_| stopped())?
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // The thread ends when the channel closes; its connection closes
        // with it, which rolls back whatever it had not committed.
        drop(self.tx.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn stopped() -> StoreError {
    StoreError::Write("the import's writer thread stopped".into())
}

/// What to do after a streamed `COPY`.
enum Next {
    Got(Message),
    Receive,
    Closed,
}

fn serve(mut client: Client, rx: &Receiver<Message>) {
    // The first failure goes to the next call, as the server said it; every
    // later call is refused too (a COMMIT on an aborted transaction would
    // only roll it back, and say nothing).
    let mut failed: Option<StoreError> = None;
    let mut poisoned: Option<String> = None;
    let mut next = Next::Receive;
    loop {
        let message = match std::mem::replace(&mut next, Next::Receive) {
            Next::Got(m) => m,
            Next::Receive => match rx.recv() {
                Ok(m) => m,
                Err(_) => return,
            },
            Next::Closed => return,
        };
        match message {
            Message::Call(call) => match (failed.take(), &poisoned) {
                (Some(e), _) => call(Err(e)),
                (None, Some(why)) => call(Err(StoreError::Write(format!(
                    "an earlier write of this import failed, so its transaction is lost: {why}"
                )))),
                (None, None) => call(Ok(&mut client)),
            },
            Message::Abort => {
                let _ = client.batch_execute("ROLLBACK");
                return;
            }
            // After a failure nothing more is written: the transaction is
            // lost and the next call says why.
            Message::Copy(..) if poisoned.is_some() => {}
            Message::Copy(table, rows) => {
                let (result, after) = stream(&mut client, table, &rows, rx);
                if let Err(e) = result {
                    poisoned = Some(e.to_string());
                    failed = Some(e);
                }
                next = after;
            }
        }
    }
}

/// Copies `rows` and every batch for the same table that follows them in one
/// `COPY`, until another message comes (returned) or the channel closes.
fn stream(
    client: &mut Client,
    table: Table,
    rows: &[u8],
    rx: &Receiver<Message>,
) -> (Result<(), StoreError>, Next) {
    let mut writer = match client.copy_in(&table.statement()) {
        Ok(w) => w,
        Err(e) => return (Err(e.into()), Next::Receive),
    };
    let io =
        |e: std::io::Error| StoreError::Write(format!("sending rows to PostgreSQL failed: {e}"));
    if let Err(e) = writer
        .write_all(super::copy::HEADER)
        .and_then(|()| writer.write_all(rows))
    {
        return (Err(io(e)), Next::Receive);
    }
    let next = loop {
        match rx.recv() {
            Ok(Message::Copy(t, more)) if t == table => {
                if let Err(e) = writer.write_all(&more) {
                    return (Err(io(e)), Next::Receive);
                }
            }
            // Dropping the writer unfinished cancels the COPY.
            Ok(Message::Abort) => return (Ok(()), Next::Got(Message::Abort)),
            Ok(other) => break Next::Got(other),
            // The session was dropped: the COPY is abandoned (dropping the
            // writer aborts it) and the transaction rolled back.
            Err(_) => return (Ok(()), Next::Closed),
        }
    };
    if let Err(e) = writer.write_all(super::copy::TRAILER) {
        return (Err(io(e)), next);
    }
    (writer.finish().map(|_| ()).map_err(StoreError::from), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_failed_copy_every_call_is_refused() {
        let Some(schema) = crate::testing::postgres_schema("writer") else {
            return;
        };
        let in_schema = schema.in_schema.clone();
        crate::PostgresStore::open(&in_schema, &crate::InstitutionSettings::default())
            .expect("migrate");
        let mut writer = Writer::start(&in_schema).expect("writer");
        writer
            .call(|c| Ok(c.batch_execute("BEGIN")?))
            .expect("begin");
        // One row of one field where a log line has fourteen.
        let mut bad = 1i16.to_be_bytes().to_vec();
        bad.extend_from_slice(&(-1i32).to_be_bytes());
        writer.copy(Table::Log, bad).expect("handed over");
        let first = writer.call(|c| Ok(c.query_one("SELECT 1", &[])?.get::<_, i32>(0)));
        let message = first.expect_err("the COPY's failure").to_string();
        assert!(message.contains("field count"), "{message}");
        // The transaction is lost: later calls are refused too, and say so,
        // rather than a COMMIT that would quietly roll back.
        let second = writer.call(|c| Ok(c.batch_execute("COMMIT")?));
        let message = second.expect_err("refused").to_string();
        assert!(message.contains("an earlier write"), "{message}");
        writer.abort();
    }
}
