//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong in parsi, with a message fit to show a user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is longer than parsi can index (offsets are 32-bit).
    InputTooLarge {
        /// Length of the input in bytes.
        len: usize,
        /// The largest input accepted, in bytes.
        max: usize,
    },
    /// An option has a value parsi does not know.
    InvalidOption(String),
    /// A model file is damaged, truncated or of another format version.
    InvalidModel(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InputTooLarge { len, max } => {
                write!(f, "input too large: {len} bytes (parsi accepts at most {max} bytes per document; split the text)")
            }
            Error::InvalidOption(msg) => write!(f, "invalid option: {msg}"),
            Error::InvalidModel(msg) => write!(f, "invalid model: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with parsi's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
