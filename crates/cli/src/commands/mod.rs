//! One module per subcommand.

pub mod check;
pub mod convert;
pub mod formats;
pub mod links;
pub mod parse;
pub mod plugins;
pub mod stats;
