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
    let (mut binary, mut heap) = (0u64, 0u64);
    let mut mapping = String::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if !first.ends_with(':') {
            fields.nth(4).unwrap_or_default().clone_into(&mut mapping);
        } else if first == "Rss:" {
            let kb: u64 = fields.next().and_then(|k| k.parse().ok()).unwrap_or(0);
            total += kb;
            let is_binary = std::path::Path::new(&mapping) == exe;
            if mapping.is_empty() || mapping.starts_with('[') || is_binary {
                own += kb;
                if is_binary {
                    binary += kb;
                } else if mapping == "[heap]" {
                    heap += kb;
                }
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
        "rss_mb_total={:.1} rss_mb_own={:.1} (binary {:.1}, heap {:.1}, other {:.1}) rss_mb_libraries={:.1} largest_libraries={}",
        mb(total),
        mb(own),
        mb(binary),
        mb(heap),
        mb(own - binary - heap),
        mb(total - own),
        top.join(",")
    ))
}

/// This process's resident anonymous and file-backed memory in MB (`/proc/self/status`), for
/// the start-up benchmark's phases. Linux only.
pub fn resident_split() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kb: f64 = line[name.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb / 1024.0)
    };
    Some((field("RssAnon:")?, field("RssFile:")?))
}
