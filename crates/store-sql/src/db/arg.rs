//! Values bound to statement parameters.

/// A bound value. A NULL keeps its type: PostgreSQL refuses a text NULL for a bigint column.
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    NullInt,
    NullText,
    Int(i64),
    Text(String),
}

pub(crate) trait IntoArg {
    fn into_arg(self) -> Arg;
    /// The NULL of this type.
    fn null() -> Arg;
}

impl IntoArg for i64 {
    fn into_arg(self) -> Arg {
        Arg::Int(self)
    }
    fn null() -> Arg {
        Arg::NullInt
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
    fn null() -> Arg {
        Arg::NullText
    }
}
impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
    fn null() -> Arg {
        Arg::NullText
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Text(self.clone())
    }
    fn null() -> Arg {
        Arg::NullText
    }
}
impl<T: IntoArg> IntoArg for Option<T> {
    fn into_arg(self) -> Arg {
        self.map_or_else(T::null, IntoArg::into_arg)
    }
    fn null() -> Arg {
        T::null()
    }
}
impl<T: IntoArg + Clone> IntoArg for &Option<T> {
    fn into_arg(self) -> Arg {
        self.clone().map_or_else(T::null, IntoArg::into_arg)
    }
    fn null() -> Arg {
        T::null()
    }
}
