use portcullis_domain::flow::ResponseMode;
use portcullis_oidc::OAuthError;

/// The authorization response (RFC 6749 §4.1.2) and how to deliver it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationResponse {
    pub redirect_uri: String,
    pub response_mode: ResponseMode,
    /// `code`+`state`, or `error`+`error_description`+`state`.
    pub params: Vec<(String, String)>,
}

impl AuthorizationResponse {
    pub fn error(redirect_uri: &str, mode: ResponseMode, e: &OAuthError, state: Option<&str>) -> Self {
        let mut params = vec![("error".to_string(), e.code.to_string()), ("error_description".to_string(), e.description.clone())];
        if let Some(s) = state {
            params.push(("state".into(), s.into()));
        }
        AuthorizationResponse { redirect_uri: redirect_uri.to_string(), response_mode: mode, params }
    }
}

/// What the browser should see next.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Go to the login page of this transaction.
    LoginPage { state: String },
    SignupPage { state: String },
    ConsentPage { state: String },
    MfaEnrollPage { state: String },
    MfaChallengePage { state: String },
    /// A recovery code was just issued: show it once, then go on.
    RecoveryCodePage { state: String },
    /// Show the same form again with a message (wrong password, weak password...).
    Retry { state: String, message: String, form: crate::Form },
    /// Answer the client. `session` is set when a new SSO session was created.
    Respond { response: AuthorizationResponse, session: Option<String> },
    /// Send the browser elsewhere (an action's `api.redirect.sendUserTo`).
    RedirectTo(String),
    /// A page for the person: the client cannot be told safely.
    ErrorPage(OAuthError),
}
