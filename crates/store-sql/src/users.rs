use crate::codec::{
    contains_pattern, count, data, db_err, int, limits, opt_text, opt_time, to_json,
};
use crate::db;
use crate::{expect_one, SqlStore};
use async_trait::async_trait;
use portcullis_domain::user::{normalize_email, User};
use portcullis_domain::Timestamp;
use portcullis_store::{Page, Paged, StoreError, StoreResult, UserQuery, UserStore};

/// `record_login` changes these columns atomically, so they, not `data`, are authoritative.
macro_rules! columns {
    () => {
        "data, logins_count, last_login, last_ip"
    };
}

fn user_from(row: &db::Row) -> StoreResult<User> {
    let mut user: User = data(row)?;
    user.logins_count = int(row, "logins_count")?;
    user.last_login = opt_time(row, "last_login")?;
    user.last_ip = opt_text(row, "last_ip")?;
    Ok(user)
}

impl SqlStore {
    /// A user as read, with the logins this node has not written yet (SQLite, login_counts.rs).
    fn read_user(&self, row: &db::Row) -> StoreResult<User> {
        let mut user = user_from(row)?;
        if let Some(p) = &self.login_counts {
            p.overlay(&mut user);
        }
        Ok(user)
    }

    fn read_users(&self, rows: &[db::Row]) -> StoreResult<Vec<User>> {
        rows.iter().map(|r| self.read_user(r)).collect()
    }
}

/// The lower-cased columns that lookups and searches use.
struct SearchKeys {
    email: Option<String>,
    name: Option<String>,
    user_id: String,
}

impl SearchKeys {
    fn of(user: &User) -> Self {
        SearchKeys {
            email: user.email.as_deref().map(normalize_email),
            name: user.name.as_deref().map(str::to_lowercase),
            user_id: user.user_id.to_lowercase(),
        }
    }
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(&self, user: &User) -> StoreResult<()> {
        let keys = SearchKeys::of(user);
        db::query(
            "INSERT INTO users (tenant_id, user_id, connection, email_lower, name_lower, user_id_lower,
                                created_at, logins_count, last_login, last_ip, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&user.tenant_id)
        .bind(&user.user_id)
        .bind(&user.connection)
        .bind(keys.email)
        .bind(keys.name)
        .bind(keys.user_id)
        .bind(user.created_at.millis())
        .bind(user.logins_count)
        .bind(user.last_login.map(Timestamp::millis))
        .bind(user.last_ip.clone())
        .bind(to_json(user)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn find_user(&self, tenant: &str, user_id: &str) -> StoreResult<Option<User>> {
        let row = db::query(concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE tenant_id = $1 AND user_id = $2"
        ))
        .bind(tenant)
        .bind(user_id)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(|r| self.read_user(r)).transpose()
    }

    async fn find_user_by_email(
        &self,
        tenant: &str,
        connection: &str,
        email: &str,
    ) -> StoreResult<Option<User>> {
        let row = db::query(concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE tenant_id = $1 AND connection = $2 AND email_lower = $3"
        ))
        .bind(tenant)
        .bind(connection)
        .bind(normalize_email(email))
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref().map(|r| self.read_user(r)).transpose()
    }

    async fn find_users_by_email(&self, tenant: &str, email: &str) -> StoreResult<Vec<User>> {
        let rows = db::query(concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE tenant_id = $1 AND email_lower = $2 ORDER BY created_at, user_id"
        ))
        .bind(tenant)
        .bind(normalize_email(email))
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        self.read_users(&rows)
    }

    async fn update_user(&self, user: &User) -> StoreResult<()> {
        // `user` was read with its waiting logins, which this write includes.
        if let Some(p) = &self.login_counts {
            p.remove_user(&user.tenant_id, &user.user_id);
        }
        let keys = SearchKeys::of(user);
        let r = db::query(
            "UPDATE users SET connection = $3, email_lower = $4, name_lower = $5, logins_count = $6,
                              last_login = $7, last_ip = $8, data = $9
             WHERE tenant_id = $1 AND user_id = $2",
        )
        .bind(&user.tenant_id)
        .bind(&user.user_id)
        .bind(&user.connection)
        .bind(keys.email)
        .bind(keys.name)
        .bind(user.logins_count)
        .bind(user.last_login.map(Timestamp::millis))
        .bind(user.last_ip.clone())
        .bind(to_json(user)?)
        .execute(&self.db)
        .await
        .map_err(db_err)?;
        expect_one(r)
    }

    async fn delete_user(&self, tenant: &str, user_id: &str) -> StoreResult<()> {
        const DELETES: &[&str] = &[
            "DELETE FROM users WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM consent_scopes WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM consents WHERE tenant_id = $1 AND user_id = $2",
        ];
        // What waits in memory first (session_memory.rs: then none of it is written after the delete).
        if let Some(p) = &self.sessions {
            p.remove_user(tenant, user_id);
        }
        if let Some(p) = &self.login_counts {
            p.remove_user(tenant, user_id);
        }
        let mut tx = self.begin_write().await?;
        for sql in DELETES {
            db::query(sql)
                .bind(tenant)
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn list_users(
        &self,
        tenant: &str,
        query: &UserQuery,
        page: Page,
    ) -> StoreResult<Paged<User>> {
        macro_rules! filter {
            () => {
                r"tenant_id = $1
            AND ($2 IS NULL OR email_lower LIKE $2 ESCAPE '\' OR name_lower LIKE $2 ESCAPE '\'
                 OR user_id_lower LIKE $2 ESCAPE '\')
            AND ($3 IS NULL OR email_lower = $3)
            AND ($4 IS NULL OR connection <> $4)"
            };
        }
        let text = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(contains_pattern);
        let email = query.email.as_deref().map(normalize_email);
        let (limit, offset) = limits(page);
        let rows = db::query(concat!(
            "SELECT ",
            columns!(),
            " FROM users WHERE ",
            filter!(),
            " ORDER BY created_at, user_id LIMIT $5 OFFSET $6"
        ))
        .bind(tenant)
        .bind(text.clone())
        .bind(email.clone())
        .bind(query.exclude_connection.clone())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await
        .map_err(db_err)?;
        let total = db::query(concat!("SELECT COUNT(*) AS n FROM users WHERE ", filter!()))
            .bind(tenant)
            .bind(text)
            .bind(email)
            .bind(query.exclude_connection.clone())
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: self.read_users(&rows)?,
            total: count(&total)?,
        })
    }

    async fn record_login(
        &self,
        tenant: &str,
        user_id: &str,
        at: Timestamp,
        ip: Option<&str>,
    ) -> StoreResult<User> {
        if let Some(p) = &self.login_counts {
            // SQLite: written with the writer's next batch (login_counts.rs).
            let mut user = self.find_user(tenant, user_id).await?.ok_or(StoreError::NotFound)?;
            let this_login = p.record(tenant, user_id, at, ip);
            self.logs.pending();
            crate::login_counts::apply(&mut user, &this_login);
            return Ok(user);
        }
        let row = db::query(concat!(
            "UPDATE users SET logins_count = logins_count + 1, last_login = $3, last_ip = $4
             WHERE tenant_id = $1 AND user_id = $2 RETURNING ",
            columns!()
        ))
        .bind(tenant)
        .bind(user_id)
        .bind(at.millis())
        .bind(ip)
        .fetch_optional(&self.db)
        .await
        .map_err(db_err)?;
        row.as_ref()
            .map(user_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }
}

/// The writer's update for logins that waited in memory (login_counts.rs). A user deleted
/// meanwhile matches no row, which is fine.
pub(crate) async fn add_logins<'c>(target: impl Into<db::Target<'c>>, tenant: &str, user_id: &str, w: &crate::login_counts::Waiting) -> StoreResult<()> {
    db::query("UPDATE users SET logins_count = logins_count + $3, last_login = $4, last_ip = $5 WHERE tenant_id = $1 AND user_id = $2")
        .bind(tenant)
        .bind(user_id)
        .bind(w.count)
        .bind(w.last_login.millis())
        .bind(w.last_ip.clone())
        .execute(target)
        .await
        .map_err(db_err)?;
    Ok(())
}
