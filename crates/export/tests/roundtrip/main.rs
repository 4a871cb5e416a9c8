//! Every format, on every fixture, read back by a real parser of that format.

mod common;
mod html;
mod markdown;
mod model;
mod records;
mod relaxng;
mod streaming;
mod text;
mod xml;
mod xml_schema;
