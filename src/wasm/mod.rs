//! The JavaScript bindings, built for WebAssembly only: the lookup engine (`lookup`, in
//! `www/pkg/`) and the bulk page's engine (`bulk`, feature `bulk`, in `www/pkg-bulk/`), thin over
//! the library, with results crossing as plain objects and failures as a `JsError` saying what
//! to fix (`convert`). The only modules that import `wasm_bindgen`.

#[cfg(feature = "bulk")]
mod bulk;
mod convert;
mod lookup;

#[cfg(feature = "bulk")]
pub use bulk::{
    check_local_mappings, local_mappings_csv, max_input_bytes, parse_local_mappings, Bulk,
};
pub use lookup::{RowInput, Standardiser};
