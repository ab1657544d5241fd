//! Parts of a zip file (an `.xlsx`, `.xlsb` or `.ods` workbook), each
//! inflated as it is read, behind limits: how many bytes it may inflate
//! to and, for XML, how long one node (a text, a tag) may be. A sheet that
//! inflates to gigabytes, one cell of 2 GB or gigabytes of whitespace are
//! refused with a word instead of filling the memory.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::events::{BytesStart, Event};

use crate::{MAX_ROW_BYTES, SourceError, WorkbookLimit};

/// The small parts (relationships, the workbook part, a manifest) are
/// read whole: this is their limit.
pub(crate) const SMALL_PART_BYTES: u64 = 16 << 20;

/// The longest XML node (a text, a tag with its attributes): a cell of
/// Excel's longest text, escaped, stays far below.
pub(crate) const MAX_NODE_BYTES: usize = MAX_ROW_BYTES;

/// One part of the zip file, inflated as it is read, behind its limits.
/// A limit passed is kept in `over` and the read fails.
pub(crate) struct Part {
    pub(crate) inner: Box<dyn Read + Send>,
    pub(crate) name: String,
    pub(crate) limit: u64,
    pub(crate) read: u64,
    /// Whether the part is read as XML ([`xml_reader`]), whose nodes are
    /// bounded too.
    pub(crate) xml: bool,
    /// Bytes read since the XML reader's last event ([`next_event`]): the
    /// length of the node being read, whatever it holds (a `<` inside a
    /// comment or an attribute does not end it), give or take what the
    /// reader's buffer had read ahead.
    pub(crate) run: usize,
    pub(crate) over: Option<WorkbookLimit>,
}

impl Read for Part {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.run += n;
        if self.read > self.limit {
            self.over = Some(WorkbookLimit::Inflated {
                part: self.name.clone(),
                limit: self.limit,
            });
        } else if self.xml && self.run > MAX_NODE_BYTES {
            self.over = Some(WorkbookLimit::Node {
                part: self.name.clone(),
            });
        }
        match self.over {
            Some(_) => Err(io::Error::other("over a limit")),
            None => Ok(n),
        }
    }
}

/// Counts the compressed bytes read, for the progress of the sheet.
pub(crate) struct Counted<R> {
    inner: R,
    consumed: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The zip file's table of contents, and how to open a part of it.
pub(crate) struct Package {
    pub(crate) path: PathBuf,
    zip: zip::ZipArchive<BufReader<File>>,
}

impl Package {
    /// Reads a zip file's table of contents.
    pub(crate) fn new(path: &Path) -> Result<Package, SourceError> {
        let file = File::open(path).map_err(|source| SourceError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let zip =
            zip::ZipArchive::new(BufReader::new(file)).map_err(|e| SourceError::Workbook {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        Ok(Package {
            path: path.to_path_buf(),
            zip,
        })
    }

    /// The names of its parts.
    pub(crate) fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    pub(crate) fn damaged(&self, message: impl Into<String>) -> SourceError {
        SourceError::Workbook {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// The entry of a part: its exact name, or the same ignoring case and
    /// `\` for `/` (as Excel finds them).
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.zip.index_for_name(name) {
            return Some(i);
        }
        let wanted = name.replace('\\', "/").to_ascii_lowercase();
        self.zip.file_names().position(|n| {
            n.map(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
                .unwrap_or(false)
        })
    }

    /// Opens a part to be read through its limits, on a file handle of its
    /// own (so that it owns its reader); `None` when there is no such part.
    pub(crate) fn open(
        &mut self,
        name: &str,
        limit: u64,
        consumed: Option<Arc<AtomicU64>>,
    ) -> Result<Option<(Part, u64)>, SourceError> {
        let Some(index) = self.index(name) else {
            return Ok(None);
        };
        let path = self.path.clone();
        let damaged = |message: String| SourceError::Workbook {
            path: path.clone(),
            message,
        };
        let (method, start, compressed) = {
            let file = self
                .zip
                .by_index_raw(index)
                .map_err(|e| damaged(e.to_string()))?;
            if file.encrypted() {
                return Err(damaged(format!("the part {name} is encrypted")));
            }
            let start = file
                .data_start()
                .ok_or_else(|| damaged(format!("the part {name} cannot be found")))?;
            (file.compression(), start, file.compressed_size())
        };
        let open_err = |source| SourceError::Open {
            path: self.path.clone(),
            source,
        };
        let mut file = File::open(&self.path).map_err(open_err)?;
        file.seek(SeekFrom::Start(start)).map_err(open_err)?;
        let raw = Counted {
            inner: BufReader::with_capacity(1 << 16, file).take(compressed),
            consumed: consumed.unwrap_or_default(),
        };
        let inner: Box<dyn Read + Send> = match method {
            zip::CompressionMethod::Stored => Box::new(raw),
            zip::CompressionMethod::Deflated => Box::new(flate2::read::DeflateDecoder::new(raw)),
            other => {
                return Err(self.damaged(format!(
                    "the part {name} is compressed with {other:?}, which Excel does not use"
                )));
            }
        };
        let part = Part {
            inner,
            name: name.to_string(),
            limit,
            read: 0,
            xml: false,
            run: 0,
            over: None,
        };
        Ok(Some((part, compressed)))
    }
}

/// How far ahead of the XML reader its buffer reads.
const XML_READ_AHEAD: usize = 1 << 16;

/// An XML reader of a part, its nodes bounded: read its events with
/// [`next_event`].
pub(crate) fn xml_reader(mut part: Part) -> quick_xml::Reader<BufReader<Part>> {
    part.xml = true;
    let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(XML_READ_AHEAD, part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

/// The next event of `xml`, its node at most [`MAX_NODE_BYTES`] long (the
/// part's read fails past that: [`xml_error`] says so).
pub(crate) fn next_event<'b>(
    xml: &mut quick_xml::Reader<BufReader<Part>>,
    buf: &'b mut Vec<u8>,
) -> quick_xml::Result<Event<'b>> {
    let event = xml.read_event_into(buf);
    xml.get_mut().get_mut().run = 0;
    event
}

/// The error of a failed read of `xml`: the limit its part passed, else
/// what the XML reader said.
pub(crate) fn xml_error(
    path: &Path,
    xml: &mut quick_xml::Reader<BufReader<Part>>,
    e: impl std::fmt::Display,
) -> SourceError {
    match xml.get_mut().get_mut().over.take() {
        Some(limit) => SourceError::WorkbookTooLarge {
            path: path.to_path_buf(),
            limit,
        },
        None => SourceError::Workbook {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

/// The error of a text gathered from several nodes (entities, runs) that
/// grew longer than one node may be.
pub(crate) fn text_too_long(
    path: &Path,
    xml: &mut quick_xml::Reader<BufReader<Part>>,
) -> SourceError {
    let part = xml.get_ref().get_ref().name.clone();
    SourceError::WorkbookTooLarge {
        path: path.to_path_buf(),
        limit: WorkbookLimit::Node { part },
    }
}

/// An attribute's value by its local name (`id` finds `r:id`).
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let name = key.rsplit(':').next().unwrap_or(key);
        (name == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

/// The target of each relationship of a `.rels` part: (id, type, target).
pub(crate) fn relationships(
    package: &mut Package,
    name: &str,
) -> Result<Vec<(String, String, String)>, SourceError> {
    let Some((part, _)) = package.open(name, SMALL_PART_BYTES, None)? else {
        return Ok(Vec::new());
    };
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        buf.clear();
        match next_event(&mut xml, &mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "Relationship" => out.push((
                attr(&e, "Id").unwrap_or_default(),
                attr(&e, "Type").unwrap_or_default(),
                attr(&e, "Target").unwrap_or_default(),
            )),
            Ok(Event::Eof) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(xml_error(&package.path, &mut xml, e)),
        }
    }
}

/// A relationship's target as a part name: absolute (`/xl/…`) or
/// relative to the folder of the part that names it.
pub(crate) fn part_name(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{folder}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for piece in joined.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}
