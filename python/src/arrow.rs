//! Record batches and the record schema handed to Python through the Arrow
//! PyCapsule interface: an object with `__arrow_c_array__` (a batch) or
//! `__arrow_c_schema__` (a schema) that pyarrow, Polars and DuckDB import
//! without copying (`pyarrow.record_batch(obj)`, `pyarrow.schema(obj)`).
//!
//! The capsules own the C structures: if Python never imports one, dropping
//! the capsule calls the structure's `release` (the `Drop` of arrow's FFI
//! types); an import moves the structure out and leaves nothing to release.

use std::sync::Mutex;

use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::ffi::FFI_ArrowSchema;
use arrow_schema::{ArrowError, Schema};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// The capsule names the PyCapsule interface requires.
const SCHEMA_CAPSULE: &std::ffi::CStr = c"arrow_schema";
const ARRAY_CAPSULE: &std::ffi::CStr = c"arrow_array";

fn arrow_error(e: ArrowError) -> PyErr {
    PyRuntimeError::new_err(format!("cannot export to Arrow: {e}"))
}

/// `schema` as a schema capsule.
fn schema_capsule<'py>(py: Python<'py>, schema: &Schema) -> PyResult<Bound<'py, PyCapsule>> {
    let ffi = FFI_ArrowSchema::try_from(schema).map_err(arrow_error)?;
    PyCapsule::new_with_value(py, ffi, SCHEMA_CAPSULE)
}

/// One record batch, exported once: `pyarrow.record_batch(capsule)`.
#[pyclass(module = "dateline._dateline", frozen)]
pub struct RecordBatchCapsule {
    batch: Mutex<Option<RecordBatch>>,
}

impl RecordBatchCapsule {
    /// Wraps `batch`.
    pub fn new(batch: RecordBatch) -> RecordBatchCapsule {
        RecordBatchCapsule {
            batch: Mutex::new(Some(batch)),
        }
    }
}

#[pymethods]
impl RecordBatchCapsule {
    /// The batch's rows (0 once exported).
    fn __len__(&self) -> usize {
        self.batch
            .lock()
            .ok()
            .and_then(|b| b.as_ref().map(RecordBatch::num_rows))
            .unwrap_or(0)
    }

    /// The batch as `(schema capsule, array capsule)`, a struct array of the
    /// columns. The batch is moved out: a second call is an error. A
    /// requested schema is ignored (the interface allows it): the record
    /// schema is the one there is.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let batch = self
            .batch
            .lock()
            .map_err(|_| PyRuntimeError::new_err("the record batch's lock is poisoned"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this record batch was already exported"))?;
        let schema = schema_capsule(py, batch.schema().as_ref())?;
        let array = StructArray::from(batch).into_data();
        let array = arrow_array::ffi::FFI_ArrowArray::new(&array);
        Ok((schema, PyCapsule::new_with_value(py, array, ARRAY_CAPSULE)?))
    }
}

/// The record schema: `pyarrow.schema(capsule)`.
#[pyclass(module = "dateline._dateline", frozen)]
pub struct SchemaCapsule;

#[pymethods]
impl SchemaCapsule {
    /// The schema as a schema capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, dateline_export::record::arrow::schema().as_ref())
    }
}

/// The record schema, for `pyarrow.schema(...)`.
#[pyfunction]
pub fn record_schema() -> SchemaCapsule {
    SchemaCapsule
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_exports_as_a_struct_of_the_record_columns() {
        let batch = RecordBatch::new_empty(dateline_export::record::arrow::schema());
        let data = StructArray::from(batch.clone()).into_data();
        let ffi = arrow_array::ffi::FFI_ArrowArray::new(&data);
        assert_eq!(ffi.len(), 0);
        let schema = FFI_ArrowSchema::try_from(batch.schema().as_ref()).expect("schema exports");
        assert_eq!(schema.format(), "+s");
        assert_eq!(schema.children().count(), batch.num_columns());
    }
}
