//! How the process takes memory from the kernel: glibc's heaps grow in large steps and are
//! backed by transparent huge pages where the kernel allows it, so that a build is not a
//! few thousand page faults (Linux with glibc only; elsewhere the tuning does nothing); and
//! what a build has finished with is freed off its critical path.
//!
//! A build of 1,000 questions touches about 17 MB, each 4 KiB page first written in a page
//! fault of its own (about 2,700 of them, 7 % of the CPU time in the profile). With the heaps
//! marked `MADV_HUGEPAGE` the kernel hands out 2 MiB at a time: about 560 faults, most of
//! them loading the program, and 5–15 % less CPU time (`perf stat`, 30 builds each).

/// Tunes glibc's allocator for the process and marks the main thread's heap. Call it first
/// thing in `main`, while no other thread exists.
pub fn tune_for_build() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::tune_for_build();
}

/// Marks the heap of the calling thread for huge pages: call it when a thread that will
/// allocate much (a rendering thread) starts.
pub fn huge_pages_for_this_thread() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::huge_pages_for_this_thread();
}

/// Drops `value` on a thread of its own, so that the caller goes on at once: a book of
/// 10,000 questions is tens of thousands of small allocations, up to 15 ms to free. Should no
/// thread be free, `value` is dropped here instead.
pub fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    /// glibc's `HEAP_MAX_SIZE` on 64-bit: each thread's heap is a reservation of this size,
    /// aligned to it (glibc finds a chunk's heap by masking its address).
    const THREAD_HEAP: usize = 64 << 20;
    /// A transparent huge page on x86-64 and most of arm64.
    const HUGE_PAGE: usize = 2 << 20;
    /// An allocation that glibc serves from the calling thread's own heap.
    const PROBE: usize = 4096;
    /// How much the heaps grow at a time (`M_TOP_PAD`).
    const TOP_PAD: usize = 16 << 20;

    pub fn tune_for_build() {
        // SAFETY: mallopt only sets tuning parameters of the allocator; it is called before
        // any other thread exists. malloc/free/sbrk(0) are plain allocator calls,
        // and madvise(MADV_HUGEPAGE) is advice on memory this process owns.
        unsafe {
            // glibc grows the heap of each rendering thread a few pages at a time, one
            // `mprotect` call each: about 5,000 calls for 10,000 questions. Growing by 16 MiB
            // makes that a handful; pages are still only taken when written. Page buffers up
            // to 32 MiB come from the heap and are reused, instead of being mapped and
            // unmapped (and their pages faulted in again) each time, and the heap is not
            // given back while a build runs: a fifth fewer page faults.
            libc::mallopt(libc::M_TOP_PAD, TOP_PAD as libc::c_int);
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
            // Grow the main heap by the pad now and mark what it grew by: a later growth
            // would be a mapping of its own, not marked. (black_box: an allocation nobody
            // uses may be left out by the compiler.)
            let before = libc::sbrk(0) as usize;
            let grow = std::hint::black_box(libc::malloc(1 << 20));
            libc::free(grow);
            let after = libc::sbrk(0) as usize;
            let first = before.next_multiple_of(page_size());
            if before != usize::MAX && after != usize::MAX && first < after {
                libc::madvise(
                    first as *mut libc::c_void,
                    after - first,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }

    pub fn huge_pages_for_this_thread() {
        // SAFETY: an allocation shows where this thread's heap is; madvise only
        // advises the kernel about that heap's own reservation. (Should the thread share
        // the main heap, which glibc does past 8 threads a core, the range is other memory
        // of this process, and advice on it is harmless.)
        unsafe {
            // Larger than glibc's per-thread cache takes (1,032 bytes), which may hold chunks
            // of other heaps that this thread freed: this one comes from its own heap.
            let probe = std::hint::black_box(libc::malloc(PROBE));
            if probe.is_null() {
                return;
            }
            let at = probe as usize;
            libc::free(probe);
            let heap = at & !(THREAD_HEAP - 1);
            libc::madvise(heap as *mut libc::c_void, THREAD_HEAP, libc::MADV_HUGEPAGE);
            // The thread has written to the start of its heap already, in 4 KiB pages, and
            // a 2 MiB range that has small pages keeps getting small pages. Take the rest of
            // that range with one allocation, never used nor freed: the pages stay unwritten
            // (no memory), and what the thread allocates next comes from huge pages.
            // (MADV_COLLAPSE would merge the range instead, but it holds the process's
            // memory map lock for up to 6 ms: measured.)
            let rest = (heap + HUGE_PAGE).saturating_sub(at);
            if rest > PROBE {
                std::hint::black_box(libc::malloc(rest));
            }
        }
    }

    fn page_size() -> usize {
        // SAFETY: sysconf reads a constant of the system.
        match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            n if n > 0 => n as usize,
            _ => 4096,
        }
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// The `VmFlags` of the mapping of this process that holds `addr`, from /proc/self/smaps.
    fn vm_flags_of(addr: usize) -> Option<String> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ') {
                if let Some((from, to)) = range.split_once('-') {
                    if let (Ok(from), Ok(to)) = (
                        usize::from_str_radix(from, 16),
                        usize::from_str_radix(to, 16),
                    ) {
                        inside = (from..to).contains(&addr);
                        continue;
                    }
                }
            }
            if inside {
                if let Some(flags) = line.strip_prefix("VmFlags:") {
                    return Some(flags.trim().to_string());
                }
            }
        }
        None
    }

    #[test]
    fn a_threads_heap_is_marked_for_huge_pages() {
        let flags = std::thread::spawn(|| {
            // (Larger than glibc's per-thread cache takes: from the thread's own heap.)
            let before = vec![1u8; 8192];
            let before_flags = vm_flags_of(before.as_ptr() as usize).expect("a mapping");
            huge_pages_for_this_thread();
            let after = vec![2u8; 8192];
            let after_flags = vm_flags_of(after.as_ptr() as usize).expect("a mapping");
            (before_flags, after_flags)
        })
        .join()
        .expect("the thread ends");
        let marked = |f: &str| f.split(' ').any(|flag| flag == "hg");
        assert!(!marked(&flags.0), "marked before the call: {}", flags.0);
        assert!(marked(&flags.1), "not marked after the call: {}", flags.1);
    }
}
