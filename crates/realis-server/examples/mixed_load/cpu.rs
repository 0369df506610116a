//! Where the CPU went during a run: the server, its database's backends (PostgreSQL on this
//! machine), this process (the load generator) and everything else, from `/proc` in clock ticks.

/// Cumulative CPU ticks at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cpu {
    server: u64,
    database: u64,
    generator: u64,
    busy: u64,
    total: u64,
}

fn process_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command in parentheses: state, then fields 14 (utime) and 15 (stime) of stat(5).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

impl Cpu {
    /// Now, for the server process `pid` and the database backends `database` (a backend that
    /// started since the previous reading counts from its start).
    pub fn now(pid: u32, database: &[u32]) -> Cpu {
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let all: Vec<u64> = stat
            .lines()
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .skip(1)
            .filter_map(|n| n.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal…: idle and iowait are not busy.
        let total: u64 = all.iter().take(8).sum();
        let idle = all.get(3).copied().unwrap_or(0) + all.get(4).copied().unwrap_or(0);
        Cpu {
            server: process_ticks(&pid.to_string()).unwrap_or(0),
            database: database
                .iter()
                .filter_map(|p| process_ticks(&p.to_string()))
                .sum(),
            generator: process_ticks("self").unwrap_or(0),
            busy: total.saturating_sub(idle),
            total,
        }
    }

    /// What each used from `self` to `later`, in cores of the machine's `cores`.
    pub fn describe_until(&self, later: &Cpu, cores: usize) -> String {
        let wall = later.total.saturating_sub(self.total) as f64 / cores as f64;
        let share = |a: u64, b: u64| {
            if wall > 0.0 {
                b.saturating_sub(a) as f64 / wall
            } else {
                0.0
            }
        };
        let server = share(self.server, later.server);
        let database = share(self.database, later.database);
        let generator = share(self.generator, later.generator);
        let others = (share(self.busy, later.busy) - server - database - generator).max(0.0);
        let database = if later.database > 0 {
            format!(", database backends {database:.2}")
        } else {
            String::new()
        };
        format!(
            "CPU in cores of {cores}: server {server:.2}{database}, load generator {generator:.2}, other processes {others:.2}"
        )
    }
}
