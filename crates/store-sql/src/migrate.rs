//! Forward-only migrations, numbered alike for both engines, recorded in `schema_migrations`.
//!
//! Each migration runs in one transaction that first claims its version row: a second node
//! starting at the same time blocks on that row and then finds the version applied.

use crate::codec::db_err;
use crate::db;
use crate::{Backend, SqlStore};
use portcullis_store::StoreResult;

pub(crate) struct Migration {
    version: i64,
    name: &'static str,
    pub(crate) sqlite: &'static str,
    postgres: &'static str,
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "actions",
        sqlite: include_str!("../migrations/sqlite/0002_actions.sql"),
        postgres: include_str!("../migrations/postgres/0002_actions.sql"),
    },
    Migration {
        version: 3,
        name: "log_indexes",
        sqlite: include_str!("../migrations/sqlite/0003_log_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0003_log_indexes.sql"),
    },
    Migration {
        version: 4,
        name: "logs_by_user",
        sqlite: include_str!("../migrations/sqlite/0004_logs_by_user.sql"),
        postgres: include_str!("../migrations/postgres/0004_logs_by_user.sql"),
    },
    Migration {
        version: 5,
        name: "expiry_indexes",
        sqlite: include_str!("../migrations/sqlite/0005_expiry_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0005_expiry_indexes.sql"),
    },
    Migration {
        version: 6,
        name: "execution_retention",
        sqlite: include_str!("../migrations/sqlite/0006_execution_retention.sql"),
        postgres: include_str!("../migrations/postgres/0006_execution_retention.sql"),
    },
];

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL
)";

pub(crate) async fn run(store: &SqlStore) -> StoreResult<()> {
    if let Err(first) = store.db.execute_script(CREATE_LEDGER).await {
        // Two nodes creating the ledger at once on PostgreSQL: one of them sees a duplicate
        // catalog entry; by then the table exists.
        store
            .db
            .execute_script(CREATE_LEDGER)
            .await
            .map_err(|_| db_err(first))?;
    }
    for m in MIGRATIONS {
        apply(store, m).await?;
    }
    Ok(())
}

async fn apply(store: &SqlStore, m: &Migration) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    let claimed =
        db::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING")
            .bind(m.version)
            .bind(m.name)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    if claimed.rows_affected() == 0 {
        return tx.rollback().await.map_err(db_err);
    }
    let sql = match store.backend {
        Backend::Sqlite => m.sqlite,
        Backend::Postgres => m.postgres,
    };
    tx.execute_script(sql).await.map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}
