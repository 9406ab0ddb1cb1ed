//! post-user-registration v2: `exports.onExecutePostUserRegistration`. Notify-only: the `api` has only `cache`, and the
//! outcome never affects the user's transaction.

use super::shared::CACHE_API;
use super::Returns;

pub const API: &[(&str, Returns)] = &CACHE_API;
