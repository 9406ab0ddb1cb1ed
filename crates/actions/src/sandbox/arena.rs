//! A runtime's whole JavaScript heap in one private memory region, so that a bootstrapped
//! runtime can be copied away once and copied back before every single-use execution (see
//! `image.rs`): a fresh runtime for the price of a memory copy.
//!
//! The region is reserved once (virtual memory, committed as it is touched) and never moves, so
//! every pointer inside a copy stays valid when the copy is put back. The allocator's own state
//! (a TLSF heap) lives at the start of the region, inside what is copied: restoring the bytes
//! restores the allocator with them. The pool grows in steps at its end, so everything the
//! runtime ever allocated lies below `pool_end` and a copy of `[base, pool_end)` is complete.

use std::alloc::Layout;
use std::ptr::NonNull;

use rlsf::Tlsf;

/// First level of 59 lists: blocks of any size, so pools appended at the end merge into one.
type Heap = Tlsf<'static, u64, u16, 59, 16>;

/// Everything QuickJS asks for is aligned like `max_align_t`.
const ALIGN: usize = 16;
/// The pool grows by at least this much (and the copy of a heap overshoots it by at most this).
const GROW: usize = 64 << 10;
const PAGE: usize = 4096;

/// The allocator state at the start of the region.
#[repr(C)]
struct Header {
    heap: Heap,
    /// End of the memory handed to the heap so far.
    pool_end: usize,
}

/// The reserved region. Dropping it unmaps it: drop it only after the runtime using it.
pub struct Arena {
    base: NonNull<u8>,
    size: usize,
    /// Highest `pool_end` seen since the last reset (memory an execution may have written).
    dirty_end: usize,
}

impl Arena {
    /// Reserve `size` bytes of address space and put an empty heap at its start.
    pub fn new(size: usize) -> Option<Self> {
        let size = size.next_multiple_of(PAGE);
        // SAFETY: an anonymous private mapping with no address hint; checked below.
        let p = unsafe {
            libc::mmap(std::ptr::null_mut(), size, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE, -1, 0)
        };
        if p == libc::MAP_FAILED {
            return None;
        }
        let base = NonNull::new(p.cast::<u8>())?;
        let start = (std::mem::size_of::<Header>()).next_multiple_of(ALIGN * 2);
        // SAFETY: the mapping is writable, zeroed and larger than the header.
        unsafe {
            base.as_ptr().cast::<Header>().write(Header { heap: Heap::new(), pool_end: base.as_ptr() as usize + start });
        }
        let mut arena = Self { base, size, dirty_end: 0 };
        if !arena.grow(GROW) {
            return None;
        }
        // The first pool is made with `insert`; every later one is appended to it.
        arena.dirty_end = arena.pool_end();
        Some(arena)
    }

    pub fn base(&self) -> *mut u8 {
        self.base.as_ptr()
    }

    fn header(&self) -> *mut Header {
        self.base.as_ptr().cast()
    }

    /// End of the used part of the region (everything a copy must hold).
    pub fn pool_end(&self) -> usize {
        // SAFETY: the header is always initialised.
        unsafe { (*self.header()).pool_end }
    }

    pub fn used(&self) -> usize {
        self.pool_end() - self.base.as_ptr() as usize
    }

    pub fn capacity(&self) -> usize {
        self.size
    }

    /// Hand at least `min` more bytes at the end of the pool to the heap.
    fn grow(&mut self, min: usize) -> bool {
        let h = self.header();
        // SAFETY: the header is initialised; the new block lies inside the mapping, right after
        // the current pool (as `append_free_block_ptr` requires).
        unsafe {
            let end = (*h).pool_end;
            let limit = self.base.as_ptr() as usize + self.size;
            let len = min.max(GROW).next_multiple_of(PAGE).min(limit.saturating_sub(end));
            if len < 2 * rlsf::GRANULARITY {
                return false;
            }
            let block = NonNull::slice_from_raw_parts(NonNull::new_unchecked(end as *mut u8), len);
            let first = end == self.base.as_ptr() as usize + (std::mem::size_of::<Header>()).next_multiple_of(ALIGN * 2);
            let added = if first { (*h).heap.insert_free_block_ptr(block).map_or(0, |n| n.get()) } else { (*h).heap.append_free_block_ptr(block) };
            if added == 0 {
                return false;
            }
            (*h).pool_end = end + len;
            self.dirty_end = self.dirty_end.max(end + len);
        }
        true
    }

    pub fn alloc(&mut self, size: usize) -> *mut u8 {
        let Ok(layout) = Layout::from_size_align(size.max(1), ALIGN) else { return std::ptr::null_mut() };
        loop {
            // SAFETY: the header is initialised.
            if let Some(p) = unsafe { (*self.header()).heap.allocate(layout) } {
                return p.as_ptr();
            }
            if !self.grow(size + 4 * rlsf::GRANULARITY) {
                return std::ptr::null_mut();
            }
        }
    }

    /// # Safety
    /// `ptr` was returned by this arena's `alloc`/`realloc` and not freed since.
    pub unsafe fn free(&mut self, ptr: *mut u8) {
        if let Some(p) = NonNull::new(ptr) {
            (*self.header()).heap.deallocate(p, ALIGN);
        }
    }

    /// # Safety
    /// As for `free`.
    pub unsafe fn realloc(&mut self, ptr: *mut u8, size: usize) -> *mut u8 {
        let Some(p) = NonNull::new(ptr) else { return self.alloc(size) };
        let Ok(layout) = Layout::from_size_align(size.max(1), ALIGN) else { return std::ptr::null_mut() };
        loop {
            if let Some(n) = (*self.header()).heap.reallocate(p, layout) {
                return n.as_ptr();
            }
            if !self.grow(size + 4 * rlsf::GRANULARITY) {
                return std::ptr::null_mut();
            }
        }
    }

    /// # Safety
    /// As for `free`.
    pub unsafe fn usable_size(ptr: *mut u8) -> usize {
        match NonNull::new(ptr) {
            Some(p) => Heap::allocation_usable_size(p),
            None => 0,
        }
    }

    /// The used part of the region, to keep as a copy.
    pub fn copy(&self) -> Box<[u8]> {
        // SAFETY: `[base, pool_end)` is mapped and initialised (the heap wrote or zeroed it).
        unsafe { std::slice::from_raw_parts(self.base.as_ptr(), self.used()) }.into()
    }

    /// Put a copy made by `copy` back. Memory the heap used beyond the copy since the last reset
    /// is zeroed (given back to the system when large), so nothing an execution wrote survives.
    pub fn reset(&mut self, image: &[u8]) {
        let base = self.base.as_ptr() as usize;
        let end = base + image.len();
        let dirty = self.dirty_end.max(self.pool_end());
        // SAFETY: `image` was copied from this region, so it fits; the zeroed range lies inside
        // the mapping.
        unsafe {
            std::ptr::copy_nonoverlapping(image.as_ptr(), self.base.as_ptr(), image.len());
            if dirty > end {
                let len = dirty - end;
                let page_start = end.next_multiple_of(PAGE);
                if len > (1 << 20) && dirty > page_start {
                    std::ptr::write_bytes(end as *mut u8, 0, page_start - end);
                    libc::madvise(page_start as *mut libc::c_void, dirty - page_start, libc::MADV_DONTNEED);
                } else {
                    std::ptr::write_bytes(end as *mut u8, 0, len);
                }
            }
        }
        self.dirty_end = end;
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`; nothing uses it any more.
        unsafe {
            libc::munmap(self.base.as_ptr().cast(), self.size);
        }
    }
}

/// The allocator QuickJS is given: a handle on an arena owned by the sandbox.
pub struct ArenaAllocator(pub *mut Arena);

// SAFETY: every pointer comes from the arena's TLSF heap, aligned to 16 bytes; `usable_size`
// reads the heap's block header of a live allocation.
unsafe impl rquickjs::allocator::Allocator for ArenaAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        // SAFETY: the sandbox keeps the arena alive and in place for the runtime's lifetime.
        unsafe { (*self.0).alloc(size) }
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else { return std::ptr::null_mut() };
        let p = self.alloc(total);
        if !p.is_null() {
            // SAFETY: `p` has at least `total` bytes.
            unsafe { std::ptr::write_bytes(p, 0, total) };
        }
        p
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        (*self.0).free(ptr);
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if new_size == 0 {
            (*self.0).free(ptr);
            return std::ptr::null_mut();
        }
        (*self.0).realloc(ptr, new_size)
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        Arena::usable_size(ptr)
    }
}

#[cfg(test)]
mod tests {
    use super::Arena;

    #[test]
    fn a_restored_copy_brings_back_the_allocator_state_and_zeroes_what_came_after() {
        let mut a = Arena::new(8 << 20).expect("arena");
        let p = a.alloc(1000);
        // SAFETY: 1000 bytes were allocated.
        unsafe { std::ptr::write_bytes(p, 7, 1000) };
        let image = a.copy();
        let big = a.alloc(3 << 20);
        assert!(!big.is_null(), "the pool grows on demand");
        // SAFETY: as above.
        unsafe { std::ptr::write_bytes(big, 9, 3 << 20) };
        let q = a.alloc(1000);
        a.reset(&image);
        // `big` began in the free tail of the copied pool; what lies beyond the copy is zeroed.
        let past = a.base() as usize + image.len();
        let len = big as usize + (3 << 20) - past;
        // SAFETY: `[past, past + len)` is mapped (beyond the restored pool, inside the region).
        assert!(unsafe { std::slice::from_raw_parts(past as *const u8, len) }.iter().all(|b| *b == 0), "what the execution wrote is gone");
        // SAFETY: `p` lies inside the restored copy.
        assert_eq!(unsafe { *p }, 7);
        // The same allocation sequence after the reset hands out the same addresses again.
        assert_eq!(a.alloc(3 << 20), big);
        assert_eq!(a.alloc(1000), q);
    }

    #[test]
    fn an_arena_refuses_what_does_not_fit_instead_of_failing_later() {
        let mut a = Arena::new(1 << 20).expect("arena");
        assert!(a.alloc(2 << 20).is_null());
        assert!(!a.alloc(1000).is_null(), "a refused request leaves the heap usable");
    }
}
