pub mod hosted;
pub mod ops;
pub mod protocol;
mod token;
