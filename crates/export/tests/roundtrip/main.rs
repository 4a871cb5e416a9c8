//! Every format, on every fixture, read back by a real parser of that format.

mod common;
mod csv;
mod html;
mod json;
mod markdown;
mod relaxng;
mod streaming;
mod text;
mod xml;
mod xml_schema;
