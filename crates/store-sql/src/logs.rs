use crate::codec::{all, count, db_err, find_data, limits};
use crate::db::{self, Arg};
use crate::log_queue;
use crate::SqlStore;
use async_trait::async_trait;
use portcullis_domain::log::LogEvent;
use portcullis_store::{LogQuery, LogStore, Page, Paged, StoreResult};

/// Entries strictly older than the `from` checkpoint (`$n`), in the listing's (time, id) order;
/// an unknown checkpoint matches nothing.
const OLDER_THAN_CHECKPOINT: &str = "(logged_at < (SELECT c.logged_at FROM logs c WHERE c.tenant_id = $1 AND c.log_id = $n) \
     OR (logged_at = (SELECT c.logged_at FROM logs c WHERE c.tenant_id = $1 AND c.log_id = $n) AND log_id < $n))";

/// The WHERE clause for the filters `query` sets, and the values it binds after the tenant
/// (`$1`). Only the filters given are written, so each combination is a statement of its own,
/// which SQLite plans with an index that fits (`logs_by_user`). One statement for every
/// combination ("$n IS NULL OR column = $n") was planned without the values and always walked
/// `logs_by_time`.
fn filter(query: &LogQuery) -> (String, Vec<Arg>) {
    let mut sql = String::from("tenant_id = $1");
    let mut values = Vec::new();
    let mut and = |clause: &str, value| {
        values.push(value);
        // `$1` is the tenant, so the value just pushed is parameter `len + 1`.
        sql.push_str(" AND ");
        sql.push_str(&clause.replace("$n", &format!("${}", values.len() + 1)));
    };
    if let Some(k) = &query.kind {
        and("kind = $n", Arg::Text(k.clone()));
    }
    if let Some(u) = &query.user_id {
        and("user_id = $n", Arg::Text(u.clone()));
    }
    if let Some(c) = &query.client_id {
        and("client_id = $n", Arg::Text(c.clone()));
    }
    if let Some(f) = &query.from {
        and(OLDER_THAN_CHECKPOINT, Arg::Text(f.clone()));
    }
    if let Some(t) = query.since {
        and("logged_at >= $n", Arg::Int(t.millis()));
    }
    if let Some(t) = query.until {
        and("logged_at < $n", Arg::Int(t.millis()));
    }
    (sql, values)
}

#[async_trait]
impl LogStore for SqlStore {
    async fn append_log(&self, event: &LogEvent) -> StoreResult<()> {
        match self.logs.push(event.clone()) {
            None => Ok(()),
            Some(event) => {
                log_queue::insert(&self.db, self.backend, std::slice::from_ref(&event)).await
            }
        }
    }

    async fn find_log(&self, tenant: &str, log_id: &str) -> StoreResult<Option<LogEvent>> {
        self.logs.flush().await;
        find_data(
            &self.db,
            "SELECT data FROM logs WHERE tenant_id = $1 AND log_id = $2",
            &[tenant, log_id],
        )
        .await
    }

    async fn list_logs(
        &self,
        tenant: &str,
        query: &LogQuery,
        page: Page,
    ) -> StoreResult<Paged<LogEvent>> {
        self.logs.flush().await;
        let (limit, offset) = limits(page);
        let (cond, values) = filter(query);
        let n = values.len() + 2;
        let list = format!("SELECT data FROM logs WHERE {cond} ORDER BY logged_at DESC, log_id DESC LIMIT ${n} OFFSET ${}", n + 1);
        let rows = db::query(&list).bind(tenant).bind_args(values.iter().cloned())
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.db)
            .await
            .map_err(db_err)?;
        let counting = format!("SELECT COUNT(*) AS n FROM logs WHERE {cond}");
        let total = db::query(&counting).bind(tenant).bind_args(values)
            .fetch_one(&self.db)
            .await
            .map_err(db_err)?;
        Ok(Paged {
            items: all(&rows)?,
            total: count(&total)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_domain::clock::Timestamp;

    /// SQLite's plan for a listing with `cond`, on the schema the migrations build.
    fn sqlite_plan(cond: &str) -> String {
        let c = rusqlite::Connection::open_in_memory().expect("memory db");
        for m in crate::migrate::MIGRATIONS {
            c.execute_batch(m.sqlite).expect("migration");
        }
        let sql = format!("EXPLAIN QUERY PLAN SELECT data FROM logs WHERE {cond} ORDER BY logged_at DESC, log_id DESC LIMIT 10");
        let mut st = c.prepare(&sql).expect("prepare");
        let args = vec!["x"; st.parameter_count()];
        let steps: Vec<String> = st.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3)).expect("plan").map(|s| s.expect("row")).collect();
        steps.join("; ")
    }

    #[test]
    fn only_the_filters_given_are_written_numbered_after_the_tenant() {
        let q = LogQuery { user_id: Some("auth0|u".into()), since: Some(Timestamp::from_secs(5)), ..Default::default() };
        let (sql, values) = filter(&q);
        assert_eq!(sql, "tenant_id = $1 AND user_id = $2 AND logged_at >= $3");
        assert!(matches!(&values[..], [Arg::Text(u), Arg::Int(5000)] if u == "auth0|u"));
        assert_eq!(filter(&LogQuery::default()).0, "tenant_id = $1");
    }

    #[test]
    fn a_users_logs_are_read_through_the_user_index_on_sqlite() {
        let (sql, _) = filter(&LogQuery { user_id: Some("auth0|u".into()), ..Default::default() });
        let plan = sqlite_plan(&sql);
        assert!(plan.contains("logs_by_user"), "{plan}");
        let (sql, _) = filter(&LogQuery::default());
        assert!(sqlite_plan(&sql).contains("logs_by_time"));
    }
}
