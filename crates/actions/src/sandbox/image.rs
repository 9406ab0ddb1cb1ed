//! Restorable sandboxes: a runtime bootstrapped once in an arena, its heap copied away, and put
//! back before every single-use execution. The engine's state is then byte for byte what it was
//! right after the bootstrap, as if the runtime had just been created, for the price of one
//! memory copy instead of creating (and later freeing) a runtime and context and running the
//! bootstrap again.
//!
//! What lives outside the copied heap is put back by hand: the handles the Rust side took on
//! JavaScript values after the copy (forgotten unfreed: the memory they point into is replaced),
//! the host state, the limits, and the one engine field that must differ between executions, the
//! state of `Math.random` (reseeded, so executions never repeat each other's numbers).

use std::sync::OnceLock;

use rquickjs::{Context, Runtime};

use super::arena::{Arena, ArenaAllocator};
use super::Sandbox;
use crate::limits::Limits;
use crate::model::TriggerId;

/// Address space reserved per restorable runtime beyond twice its memory limit (the heap's own
/// overhead and fragmentation get room; the engine enforces the limit itself).
const SLACK: usize = 8 << 20;

/// The copy of a bootstrapped runtime's heap and what the Rust side held at that moment.
pub(super) struct Image {
    heap: Box<[u8]>,
    /// Trigger specs cached before the copy (part of the heap; kept).
    specs: usize,
    /// Offset of `Math.random`'s state inside the engine's context.
    random_state: usize,
}

impl Image {
    pub fn len(&self) -> usize {
        self.heap.len()
    }
}

/// A runtime allocating from `arena` (which must outlive it and never move).
pub(super) fn runtime_in(arena: &mut Arena) -> rquickjs::Result<Runtime> {
    Runtime::new_with_alloc(ArenaAllocator(arena))
}

/// Reserve an arena for a runtime with these limits.
pub(super) fn arena_for(limits: &Limits) -> Option<Box<Arena>> {
    Arena::new(limits.memory_bytes.saturating_mul(2).saturating_add(SLACK)).map(Box::new)
}

/// Whether a restorable runtime in `arena` can serve an execution with `limits`.
pub(super) fn fits(arena: &Arena, limits: &Limits) -> bool {
    limits.memory_bytes.saturating_mul(2).saturating_add(SLACK) <= arena.capacity()
}

fn xorshift_step(mut x: u64) -> u64 {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    x
}

/// Where the engine keeps `Math.random`'s state inside its context, found once per process on a
/// probe runtime: the one 64-bit word that a call of `Math.random()` advances by exactly one
/// xorshift64* step and whose new value yields the number returned. `None` if no word does
/// (then sandboxes are not made restorable at all).
fn random_state_offset() -> Option<usize> {
    static OFFSET: OnceLock<Option<usize>> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        const SPAN: usize = 2048;
        let mut arena = Arena::new(16 << 20)?;
        let rt = runtime_in(&mut arena).ok()?;
        let ctx = Context::full(&rt).ok()?;
        let found = ctx.with(|ctx| {
            let p = ctx.as_raw().as_ptr() as *const u8;
            if p as usize + SPAN > arena.base() as usize + arena.capacity() {
                return None;
            }
            // SAFETY: the context lives in the arena and `SPAN` bytes from it are mapped.
            let read = || -> Vec<u64> { (0..SPAN / 8).map(|i| unsafe { std::ptr::read_unaligned(p.add(i * 8).cast::<u64>()) }).collect() };
            let random: rquickjs::Function = ctx.globals().get::<_, rquickjs::Object>("Math").ok()?.get("random").ok()?;
            let before = read();
            let r: f64 = random.call(()).ok()?;
            let after = read();
            (0..SPAN / 8).find(|&i| {
                let x = xorshift_step(before[i]);
                let v = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
                before[i] != 0 && after[i] == x && f64::from_bits((0x3ff << 52) | (v >> 12)) - 1.0 == r
            })
        });
        drop(ctx);
        drop(rt);
        found.map(|i| i * 8)
    })
}

impl Sandbox {
    /// A sandbox that can be reset to its freshly bootstrapped state (`reset`); falls back to an
    /// ordinary one when the arena or the engine probe is not available.
    pub fn new_restorable(limits: &Limits) -> Result<Self, super::Failure> {
        let Some(random_state) = random_state_offset() else { return Self::new(limits) };
        let Some(arena) = arena_for(limits) else { return Self::new(limits) };
        let mut sb = Self::build(limits, Some(arena))?;
        {
            // A context handle counts as a reference inside the heap: this one must be gone
            // before the copy, or every restored heap would hold one reference too many.
            let context = sb.ctx.clone();
            context.with(|ctx| {
                for t in TriggerId::ALL {
                    let _ = sb.spec_for(&ctx, t);
                }
            });
        }
        sb.rt.run_gc();
        let heap = sb.arena.as_ref().map(|a| a.copy()).unwrap_or_default();
        sb.image = Some(Image { heap, specs: sb.specs.len(), random_state });
        Ok(sb)
    }

    pub fn is_restorable(&self) -> bool {
        self.image.is_some()
    }

    /// Whether `reset` can serve an execution with these limits.
    pub fn can_serve(&self, limits: &Limits) -> bool {
        self.image.is_some() && self.arena.as_ref().is_some_and(|a| fits(a, limits))
    }

    /// Bytes of the kept copy (the memory a restorable sandbox costs beyond its live heap).
    pub fn image_bytes(&self) -> usize {
        self.image.as_ref().map_or(0, Image::len)
    }

    /// Put the runtime back into its state right after the bootstrap, with `limits` applied.
    /// Returns false (and changes nothing) for a sandbox that is not restorable.
    pub fn reset(&mut self, limits: &Limits) -> bool {
        let (Some(image), Some(arena)) = (&self.image, &mut self.arena) else { return false };
        // Handles taken after the copy point into memory the copy replaces: forget them
        // without freeing (freeing would write into the restored heap).
        std::mem::forget(self.exports.take());
        std::mem::forget(self.handler.take());
        std::mem::forget(self.event_keys.take());
        std::mem::forget(self.snapshot.take());
        for s in self.specs.drain(image.specs..) {
            std::mem::forget(s);
        }
        self.host.accessors.forget();
        arena.reset(&image.heap);
        let seed = loop {
            let s = rand::random::<u64>();
            if s != 0 {
                break s;
            }
        };
        // SAFETY: the context lives in the restored heap; the offset was found on this engine
        // build by `random_state_offset`.
        unsafe {
            let p = self.ctx.with(|ctx| ctx.as_raw().as_ptr() as *mut u8);
            std::ptr::write_unaligned(p.add(image.random_state).cast::<u64>(), seed);
        }
        self.host.reset();
        self.set_limits(limits);
        self.tainted = false;
        self.reusable = false;
        self.runs_since_gc = 0;
        true
    }
}
