//! Warm runtimes of one worker, keyed by tenant + action + version: module state of an action
//! version persists across its executions (as on Auth0's Node 22 runtime) but a runtime is never
//! handed to another action or tenant.

use std::collections::{HashMap, VecDeque};

use sha2::{Digest, Sha256};

use crate::sandbox::Sandbox;

pub struct RuntimePool {
    idle: HashMap<String, Vec<([u8; 32], Sandbox)>>,
    order: VecDeque<String>,
    count: usize,
    max: usize,
}

fn code_hash(code: &str) -> [u8; 32] {
    Sha256::digest(code.as_bytes()).into()
}

impl RuntimePool {
    pub fn new(max: usize) -> Self {
        Self { idle: HashMap::new(), order: VecDeque::new(), count: 0, max }
    }

    /// An idle runtime with this action version loaded, if any.
    pub fn take(&mut self, key: &str, code: &str) -> Option<Sandbox> {
        let h = code_hash(code);
        let list = self.idle.get_mut(key)?;
        let pos = list.iter().position(|(c, _)| *c == h)?;
        let (_, s) = list.swap_remove(pos);
        self.count -= 1;
        Some(s)
    }

    pub fn put(&mut self, key: String, code: &str, sandbox: Sandbox) {
        if self.max == 0 {
            return;
        }
        while self.count >= self.max {
            let Some(old) = self.order.pop_front() else { break };
            if let Some(list) = self.idle.get_mut(&old) {
                if !list.is_empty() {
                    list.remove(0);
                    self.count -= 1;
                }
                if list.is_empty() {
                    self.idle.remove(&old);
                }
            }
        }
        self.order.retain(|k| *k != key);
        self.order.push_back(key.clone());
        self.idle.entry(key).or_default().push((code_hash(code), sandbox));
        self.count += 1;
    }


}
