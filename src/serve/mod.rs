//! The live preview: the site held in memory, served over HTTP, rebuilt
//! from what changed on every save, and pages told to reload.

pub mod http;
pub mod inject;
pub mod site;
pub mod watch;
