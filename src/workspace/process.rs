//! What the operating system says of this process: its resident memory, split by what holds
//! it, for the designer's start-up benchmark (`--bench-startup`). Linux only: elsewhere there
//! is nothing to read and the benchmark prints no split.

/// Resident memory at this moment, split by what holds it: this program's code and data (its
/// binary, heap and anonymous maps) and each shared library (the graphics stack: on a machine
/// without a GPU, Mesa's software renderer and the LLVM it compiles shaders with). For the
/// start-up benchmark: Linux only, from `/proc/self/smaps`.
pub fn resident_memory() -> Option<String> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let exe = std::env::current_exe().ok()?;
    let (mut own, mut libraries, mut total) = (0u64, Vec::<(String, u64)>::new(), 0u64);
    let mut mapping = String::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if !first.ends_with(':') {
            fields.nth(4).unwrap_or_default().clone_into(&mut mapping);
        } else if first == "Rss:" {
            let kb: u64 = fields.next().and_then(|k| k.parse().ok()).unwrap_or(0);
            total += kb;
            if mapping.is_empty() || mapping.starts_with('[') || std::path::Path::new(&mapping) == exe {
                own += kb;
            } else if let Some(entry) = libraries.iter_mut().find(|(name, _)| *name == mapping) {
                entry.1 += kb;
            } else {
                libraries.push((mapping.clone(), kb));
            }
        }
    }
    libraries.sort_by_key(|(_, kb)| std::cmp::Reverse(*kb));
    let mb = |kb: u64| kb as f64 / 1024.0;
    let top: Vec<String> = libraries
        .iter()
        .take(4)
        .map(|(name, kb)| format!("{}:{:.1}", name.rsplit('/').next().unwrap_or(name), mb(*kb)))
        .collect();
    Some(format!(
        "rss_mb_total={:.1} rss_mb_own={:.1} rss_mb_libraries={:.1} largest_libraries={}",
        mb(total),
        mb(own),
        mb(total - own),
        top.join(",")
    ))
}
