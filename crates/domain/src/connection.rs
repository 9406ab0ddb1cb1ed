//! Database connections and their password policy (Auth0's levels).

use crate::DomainError;
use serde::{Deserialize, Serialize};

pub const DEFAULT_DATABASE_CONNECTION: &str = "Username-Password-Authentication";
/// Dashboard operators live in their own connection: they are not the tenant's end users and
/// can only log in to the dashboard.
pub const OPERATORS_CONNECTION: &str = "portcullis-operators";

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PasswordPolicy {
    None,
    Low,
    Fair,
    Good,
    Excellent,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Connection {
    pub tenant_id: String,
    pub id: String,
    pub name: String,
    pub strategy: String,
    pub password_policy: PasswordPolicy,
    /// Minimum length override (Auth0 `password_complexity_options.min_length`).
    pub min_length: Option<usize>,
    pub disable_signup: bool,
    /// Client ids this connection is enabled for; empty = all.
    #[serde(default)]
    pub enabled_clients: Vec<String>,
}

impl PasswordPolicy {
    pub fn min_len(self) -> usize {
        match self {
            PasswordPolicy::None => 1,
            PasswordPolicy::Low => 6,
            PasswordPolicy::Fair | PasswordPolicy::Good => 8,
            PasswordPolicy::Excellent => 10,
        }
    }

    /// Auth0's rules: `fair` needs lower, upper and digit; `good` 3 of 4 classes; `excellent`
    /// adds no more than 2 identical characters in a row.
    pub fn check(self, password: &str, min_length: Option<usize>) -> Result<(), DomainError> {
        let min = min_length.unwrap_or(self.min_len()).max(1);
        if password.chars().count() < min {
            return Err(DomainError::PasswordPolicy(format!("Password is too weak: at least {min} characters are required")));
        }
        let lower = password.chars().any(|c| c.is_lowercase());
        let upper = password.chars().any(|c| c.is_uppercase());
        let digit = password.chars().any(|c| c.is_ascii_digit());
        let special = password.chars().any(|c| !c.is_alphanumeric());
        let classes = [lower, upper, digit, special].iter().filter(|b| **b).count();
        let weak = |msg: &str| Err(DomainError::PasswordPolicy(format!("Password is too weak: {msg}")));
        match self {
            PasswordPolicy::None | PasswordPolicy::Low => Ok(()),
            PasswordPolicy::Fair if !(lower && upper && digit) => weak("it must contain lower case, upper case and numbers"),
            PasswordPolicy::Good | PasswordPolicy::Excellent if classes < 3 => {
                weak("it must contain at least 3 of: lower case, upper case, numbers, special characters")
            }
            PasswordPolicy::Excellent if has_triple(password) => weak("no more than 2 identical characters in a row"),
            _ => Ok(()),
        }
    }
}

fn has_triple(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_good_policy_needs_three_character_classes_and_eight_characters() {
        assert!(PasswordPolicy::Good.check("Passw0rd!", None).is_ok());
        assert!(PasswordPolicy::Good.check("password", None).is_err());
        assert!(PasswordPolicy::Good.check("Pa0!", None).is_err());
    }

    #[test]
    fn the_excellent_policy_refuses_three_identical_characters_in_a_row() {
        assert!(PasswordPolicy::Excellent.check("Passsw0rd!xy", None).is_err());
        assert!(PasswordPolicy::Excellent.check("Passw0rd!xyz", None).is_ok());
    }
}
