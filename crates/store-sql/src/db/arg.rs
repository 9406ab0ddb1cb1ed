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

/// `IntoArg` for a type: how a value becomes an `Arg`, and which NULL stands for it.
macro_rules! into_arg {
    ($t:ty, $null:ident, |$v:ident| $make:expr) => {
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                let $v = self;
                $make
            }
            fn null() -> Arg {
                Arg::$null
            }
        }
    };
}

into_arg!(i64, NullInt, |v| Arg::Int(v));
into_arg!(&str, NullText, |v| Arg::Text(v.to_string()));
into_arg!(String, NullText, |v| Arg::Text(v));
into_arg!(&String, NullText, |v| Arg::Text(v.clone()));

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
