//! End-to-end runs of the real `intake` binary on real files, in one test
//! binary (one link step).

#[macro_use]
mod util;

mod app;
mod browser;
mod cli;
mod duplicates;
mod edges;
mod files;
mod http;
mod import;
mod log;
mod services;
mod web;
mod web_edges;
