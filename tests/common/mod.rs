//! Helpers shared by the integration tests and the fuzz targets (`fuzz/` includes this module by
//! path, so it uses only the library, serde_json and std). Each test crate uses a part of it.
#![allow(dead_code)]

pub mod checks;
pub mod cli;
pub mod zip;
