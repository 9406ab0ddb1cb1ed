//! Realistic sample events per trigger, used by `actions test` when no event file is given
//! (the post-login one is about 2.7 KB, like a real login).

use serde_json::{json, Value};

use crate::model::TriggerId;

fn user() -> Value {
    json!({
        "user_id": "auth0|5f7c8ec7c33c6c004bbafe82",
        "email": "j+smith@example.com",
        "email_verified": true,
        "username": "j_smith",
        "name": "Jane Smith",
        "nickname": "j_smith",
        "given_name": "Jane",
        "family_name": "Smith",
        "picture": "https://images.example.com/avatars/j_smith.png",
        "phone_number": "+15555550123",
        "phone_verified": false,
        "created_at": "2024-01-02T03:04:05.678Z",
        "updated_at": "2025-06-07T08:09:10.111Z",
        "last_password_reset": "2025-03-01T12:00:00.000Z",
        "app_metadata": { "plan": "pro", "customer_id": "cus_12345" },
        "user_metadata": { "preferred_language": "en", "theme": "dark" },
        "identities": [{
            "connection": "Username-Password-Authentication",
            "provider": "auth0",
            "user_id": "5f7c8ec7c33c6c004bbafe82",
            "isSocial": false,
            "profileData": {}
        }],
        "multifactor": [],
        "enrolledFactors": []
    })
}

fn request() -> Value {
    json!({
        "ip": "203.0.113.42",
        "method": "GET",
        "hostname": "login.example.com",
        "language": "en",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "asn": "64496",
        "query": {
            "client_id": "s6BhdRkqt3S6BhdRkqt3S6BhdRkqt3ab",
            "redirect_uri": "https://app.example.com/callback",
            "response_type": "code",
            "scope": "openid profile email",
            "state": "af0ifjsldkj",
            "audience": "https://api.example.com/"
        },
        "body": {},
        "geoip": {
            "cityName": "Bellevue", "continentCode": "NA", "countryCode": "US", "countryCode3": "USA",
            "countryName": "United States of America", "latitude": 47.61793, "longitude": -122.19584,
            "subdivisionCode": "WA", "subdivisionName": "Washington", "timeZone": "America/Los_Angeles"
        }
    })
}

fn client() -> Value {
    json!({ "client_id": "s6BhdRkqt3S6BhdRkqt3S6BhdRkqt3ab", "name": "Example App", "metadata": { "tier": "gold" } })
}

fn connection() -> Value {
    json!({ "id": "con_fpe5kj482KO1eOzQ", "name": "Username-Password-Authentication", "strategy": "auth0", "metadata": {} })
}

/// A realistic event for the trigger (without `secrets`, which the runtime adds).
pub fn sample_event(trigger: TriggerId) -> Value {
    let tenant = json!({ "id": "example-tenant" });
    match trigger {
        TriggerId::PostLogin | TriggerId::PasswordResetPostChallenge => json!({
            "transaction": {
                "id": "tx_9bHo2VqK7y3LpXa", "acr_values": [], "locale": "en", "login_hint": "j+smith@example.com",
                "protocol": "oidc-basic-profile", "redirect_uri": "https://app.example.com/callback",
                "requested_scopes": ["openid", "profile", "email"], "response_mode": "query",
                "response_type": ["code"], "state": "af0ifjsldkj", "ui_locales": ["en"],
                "correlation_id": "c0rr-3l4t10n", "metadata": {}
            },
            "authentication": { "methods": [{ "name": "pwd", "timestamp": "2025-06-07T08:09:10.000Z" }] },
            "authorization": { "roles": ["Editor", "Billing"] },
            "client": client(),
            "connection": connection(),
            "request": request(),
            "resource_server": { "identifier": "https://api.example.com/" },
            "stats": { "logins_count": 42 },
            "tenant": tenant,
            "session": { "id": "sess_X1y2Z3w4V5u6T7s8" },
            "user": user(),
        }),
        TriggerId::CredentialsExchange => json!({
            "accessToken": { "customClaims": {}, "scope": ["read:reports"] },
            "client": client(),
            "request": request(),
            "resource_server": { "identifier": "https://api.example.com/" },
            "tenant": tenant,
            "transaction": { "requested_scopes": ["read:reports"], "correlation_id": "c0rr-3l4t10n" },
        }),
        TriggerId::PreUserRegistration => {
            let u = user();
            json!({
                "client": client(),
                "connection": connection(),
                "request": request(),
                "tenant": tenant,
                "transaction": { "locale": "en", "requested_scopes": ["openid"], "ui_locales": ["en"] },
                "user": { "email": u["email"], "username": u["username"], "name": u["name"], "app_metadata": {}, "user_metadata": {} },
            })
        }
        TriggerId::PostUserRegistration | TriggerId::PostChangePassword => json!({
            "connection": connection(), "request": request(), "tenant": tenant,
            "transaction": { "correlation_id": "c0rr-3l4t10n" }, "user": user(),
        }),
        TriggerId::SendPhoneMessage => json!({
            "message_options": { "action": "second-factor-authentication", "code": "123456", "message_type": "sms", "recipient": "+15555550123", "text": "Your verification code is 123456" },
            "client": client(), "request": request(), "tenant": tenant, "user": user(),
        }),
    }
}
