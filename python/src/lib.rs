//! The native module of the `dateline` Python package (`dateline._dateline`).

use pyo3::prelude::*;

/// The module.
#[pymodule]
fn _dateline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
