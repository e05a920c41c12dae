//! rankdown's integration tests: one binary, one module per area.

mod bad_input;
mod browser;
mod build;
mod cli;
mod docs;
mod harness;
mod live;
mod properties;
mod rules;
mod serve;
