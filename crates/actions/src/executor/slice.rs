//! A short scheduler slice for the actions worker threads (Linux 6.12 and later, EEVDF).
//!
//! A worker's turns are short (tens of microseconds: run a handler until it awaits, deliver a
//! `fetch` response) and a login waits on each of them. Sharing a core with the server's
//! runtime thread, a worker woken while that thread is inside a long step (an RSA signature,
//! a password hash) otherwise waits for that thread's slice (0.75 ms or more) to run out. A
//! task that asks for a shorter slice gets an earlier deadline, so the scheduler lets it run
//! at once on wake-up; its share of the CPU stays the same. Kernels without custom slices keep
//! the default and nothing else changes.

/// The slice asked for: the scheduler's minimum (0.1 ms).
pub const WORKER_SLICE_NS: u64 = 100_000;

/// Asks for `slice_ns` as the calling thread's slice under the normal policy; false if the
/// kernel refused it (the default slice then stays).
#[cfg(target_os = "linux")]
pub fn request_slice(slice_ns: u64) -> bool {
    // SAFETY: `sched_attr` is plain integers; all zeroes is a valid value.
    let mut attr: libc::sched_attr = unsafe { std::mem::zeroed() };
    attr.size = std::mem::size_of::<libc::sched_attr>() as u32;
    attr.sched_policy = libc::SCHED_OTHER as u32;
    // The call sets the nice value too: keep the thread's own (a server started under `nice`
    // stays there; raising it back to 0 would also need a privilege, failing the whole call).
    // SAFETY: getpriority only reads the calling thread's priority.
    attr.sched_nice = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
    attr.sched_runtime = slice_ns;
    // SAFETY: pid 0 is the calling thread; the kernel only reads `attr`, whose size field is set.
    unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &attr as *const libc::sched_attr, 0u32) == 0 }
}

#[cfg(not(target_os = "linux"))]
pub fn request_slice(_slice_ns: u64) -> bool {
    false
}
